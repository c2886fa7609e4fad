package laws

import (
	"testing"
	"time"
)

// TestRunSettingsWinOverInstanceOptions: a number of cases or a shrink
// bound that the run asks for (here LAWS_*, as a user replaying a failure
// with more shrinking would) wins over the instance's own, which in turn
// wins over the defaults.
func TestRunSettingsWinOverInstanceOptions(t *testing.T) {
	inst := InstanceOptions{Checks: 7, ShrinkTime: 3 * time.Second}

	c, err := Options{}.resolve()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.forInstance(inst); got.checks != 7 || got.shrinkTime != 3*time.Second {
		t.Errorf("no run setting: checks %d, shrink %v; want the instance's 7 and 3s", got.checks, got.shrinkTime)
	}

	t.Setenv("LAWS_CHECKS", "11")
	t.Setenv("LAWS_SHRINKTIME", "1m")
	c, err = Options{}.resolve()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.forInstance(inst); got.checks != 11 || got.shrinkTime != time.Minute {
		t.Errorf("LAWS_CHECKS=11 LAWS_SHRINKTIME=1m: checks %d, shrink %v; want 11 and 1m0s", got.checks, got.shrinkTime)
	}

	c, err = Options{Checks: 13, ShrinkTime: 2 * time.Minute}.resolve()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.forInstance(inst); got.checks != 13 || got.shrinkTime != 2*time.Minute {
		t.Errorf("Options: checks %d, shrink %v; want 13 and 2m0s", got.checks, got.shrinkTime)
	}
}
