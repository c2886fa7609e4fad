package pybridge

import (
	"fmt"
	"strconv"
	"strings"
)

// Report renders one law's result for the person who must act on it: the
// law, and for a failure the shrunk terms, the inputs, both outputs as
// Python values, the diff, and Python code that replays both sides.
func Report(r LawResult) string {
	var b strings.Builder
	inferred := ""
	if r.Inferred {
		inferred = " (inferred: the operad does not declare it)"
	}
	fmt.Fprintf(&b, "law %s of %s: %s%s\n", r.Law, r.Operad, strings.ToUpper(r.Status), inferred)
	fmt.Fprintf(&b, "  equation: %s\n", r.Equation)
	if r.UpTo != "" {
		fmt.Fprintf(&b, "  up to: %s\n", r.UpTo)
	}
	if c := r.Counterexample; c != nil {
		for _, v := range c.Bindings {
			fmt.Fprintf(&b, "  %s = %s\n", v.Name, v.Term)
		}
		fmt.Fprintf(&b, "  inputs = %s\n", c.Inputs)
		fmt.Fprintf(&b, "  lhs = %s\n", c.LHS)
		if c.LHSOutputs != "" {
			fmt.Fprintf(&b, "    outputs %s\n", c.LHSOutputs)
		}
		fmt.Fprintf(&b, "  rhs = %s\n", c.RHS)
		if c.RHSOutputs != "" {
			fmt.Fprintf(&b, "    outputs %s\n", c.RHSOutputs)
		}
		if c.Diff != "" {
			b.WriteString("  diff (-lhs +rhs):\n")
			for _, l := range strings.Split(strings.TrimRight(c.Diff, "\n"), "\n") {
				fmt.Fprintf(&b, "    %s\n", l)
			}
		}
		if c.Message != "" && c.Message != r.Reason {
			fmt.Fprintf(&b, "  %s\n", c.Message)
		}
	}
	if r.Reason != "" {
		fmt.Fprintf(&b, "  %s\n", r.Reason)
	}
	if r.Status != NotCheckable {
		held := "1 case held"
		if r.Cases != 1 {
			held = strconv.Itoa(r.Cases) + " cases held"
		}
		fmt.Fprintf(&b, "  engine %s, seed %s; %s", r.Engine, r.Seed, held)
		if r.Status != Passed {
			b.WriteString(" before this one")
		}
		b.WriteString("\n")
	}
	if c := r.Counterexample; c != nil {
		b.WriteString("  in Python:\n")
		for _, l := range strings.Split(strings.TrimRight(c.Python, "\n"), "\n") {
			fmt.Fprintf(&b, "    %s\n", l)
		}
	}
	if r.Replay != "" {
		fmt.Fprintf(&b, "  replay: %s\n", r.Replay)
	}
	return b.String()
}
