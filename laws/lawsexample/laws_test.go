package lawsexample

import (
	"strings"
	"testing"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

// The whole of what a package needs to have its laws checked by go test:
// register each instance with the law sets it must satisfy, then one
// TestLaws. `go test -run Laws` checks them, each law a subtest, and a
// failure shows the smallest case, saved under testdata/laws and tried
// first next time.
func init() {
	money := generators.Make[Money](
		generators.Field("Cents", generators.IntRange[int64](-10000, 10000)),
		generators.Field("Currency", generators.SampledFrom("EUR", "USD")))
	laws.Register("money_addition", laws.CommutativeMonoidLaws(laws.MonoidOf(Zero, Add), money, laws.Comparable[Money]()))

	laws.RegisterWith("templates", laws.InstanceOptions{Parallel: true},
		laws.OperadLaws[Template](Templates{}, TemplateGen(), laws.Comparable[Template]()))
}

func TestLaws(t *testing.T) { laws.CheckAll(t) }

// A broken operad is caught: filling the last hole instead of hole i
// breaks parallel associativity (filling holes i < k in either order
// must agree), and both engines shrink it to a smallest case: four
// characters in all (f = "_a_", g = "", h = "b", or f = "__", g = "a_",
// h = ""); no case of three characters fails, as the search below shows.
func TestBrokenTemplatesAreCaught(t *testing.T) {
	for _, e := range []laws.Engine{laws.Rapid, laws.Gopter} {
		rs, err := laws.RunInstance("broken_templates", laws.Options{Engine: e, Seed: 1, Checks: 300},
			laws.OperadLaws[Template](lastHole{}, TemplateGen(), laws.Comparable[Template]()))
		if err != nil {
			t.Fatal(err)
		}
		failed := map[string]bool{}
		for _, r := range rs {
			failed[r.Law] = r.Status == laws.Failed
			if r.Law == "parallel_associativity" && r.Status == laws.Failed {
				b := r.Counterexample.Bindings
				if n := len(b[0].Value.(Template)) + len(b[1].Value.(Template)) + len(b[2].Value.(Template)); n != 4 {
					t.Errorf("%s shrank to %d characters:\n%s", e, n, r.Report())
				}
			}
		}
		if !failed["parallel_associativity"] || failed["left_unit"] || failed["right_unit"] {
			t.Errorf("%s: failed laws %v", e, failed)
		}
	}
}

// lastHole composes into the last hole whatever i says.
type lastHole struct{ Templates }

func (o lastHole) Compose(f Template, i int, g Template) (Template, error) {
	if i < 1 || i > o.Arity(f) {
		return "", nil
	}
	return o.Templates.Compose(f, o.Arity(f), g)
}

// A generator that yields no operation with a hole cannot check the laws
// that need one, and the message says so in the operad's terms.
func TestNoHolesIsExplained(t *testing.T) {
	noHoles := generators.SampledFrom[Template]("a", "hello")
	rs, err := laws.RunInstance("hole_free", laws.Options{Seed: 1}, laws.OperadLaws[Template](Templates{}, noHoles, laws.Comparable[Template]()))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Law == "right_unit" {
			msg := r.Message
			if r.Counterexample != nil {
				msg += r.Counterexample.Message
			}
			if r.Status != laws.Errored || !strings.Contains(msg, "the operad laws need operations of arity at least 1, and the generator SampledFrom(2 values) yielded none") {
				t.Errorf("right_unit: %s", r.Report())
			}
		}
	}
}

// parallelFails reports whether parallel associativity fails for lastHole
// on f, g, h at some i < k.
func parallelFails(f, g, h Template) bool {
	o := lastHole{}
	n, m := o.Arity(f), o.Arity(g)
	for i := 1; i <= n; i++ {
		for k := i + 1; k <= n; k++ {
			l1, e1 := o.Compose(f, i, g)
			l, e2 := o.Compose(l1, k+m-1, h)
			r1, e3 := o.Compose(f, k, h)
			r, e4 := o.Compose(r1, i, g)
			if e1 == nil && e2 == nil && e3 == nil && e4 == nil && l != r {
				return true
			}
		}
	}
	return false
}

func TestNoSmallerBrokenCase(t *testing.T) {
	var all []Template
	var grow func(s string)
	grow = func(s string) {
		if len(s) > 3 {
			return
		}
		all = append(all, Template(s))
		for _, c := range []string{"_", "a", "b"} {
			grow(s + c)
		}
	}
	grow("")
	for _, f := range all {
		for _, g := range all {
			for _, h := range all {
				if len(f)+len(g)+len(h) <= 3 && parallelFails(f, g, h) {
					t.Fatalf("%q %q %q fails with 3 characters", f, g, h)
				}
			}
		}
	}
	if !parallelFails("_a_", "", "b") || !parallelFails("__", "a_", "") {
		t.Fatal("the four-character cases do not fail")
	}
}
