package jsonoperad

import "testing"

func TestClosest(t *testing.T) {
	names := []string{"plus", "back", "maxh", "expr", "identity"}
	for name, want := range map[string]string{
		"plsu": "plus", "bakc": "back", "exp": "expr", "idenity": "identity", "plus": "",
		"neg": "", "x": "", "mx": "", "maxhh": "maxh", "": "",
	} {
		if got := closest(name, names); got != want {
			t.Errorf("closest(%q) = %q, want %q", name, got, want)
		}
	}
	if d := editDistance("ab", "ba"); d != 1 {
		t.Errorf("a swap of adjacent runes costs %d edits, want 1", d)
	}
}
