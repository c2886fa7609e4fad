package laws

import (
	"fmt"
	"strings"
	"time"
)

// instrument wraps a law's check for verbose output (every case, with its
// values and verdict, through c.logf) and for an instance's per-case
// deadline. It changes nothing when neither is asked for.
func instrument(l Law, c config, deadline time.Duration) Law {
	if c.logf == nil && deadline == 0 {
		return l
	}
	check := l.check
	if check == nil {
		return l
	}
	n := 0
	logf := c.logf
	l.check = func(d *Draws) outcome {
		start := time.Now()
		o := check(d)
		if el := time.Since(start); deadline > 0 && el > deadline && o.kind == holds {
			o = outcome{kind: errored, where: "the deadline",
				message: fmt.Sprintf("the case took %v, over the instance's per-case deadline of %v", el.Round(time.Microsecond), deadline)}
		}
		if logf != nil {
			n++
			var b strings.Builder
			for i, v := range d.bindings {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%s = %s", v.Name, FormatValue(v.Value))
			}
			logf("%s case %d: %s: %s", l.Name, n, b.String(), o.kind)
		}
		return o
	}
	return l
}

// String names an outcome for verbose output.
func (k outcomeKind) String() string {
	switch k {
	case holds:
		return "holds"
	case violated:
		return "violated"
	case discarded:
		return "discarded"
	case errored:
		return "errored"
	case unusable:
		return "generators could not build a case"
	}
	return fmt.Sprintf("outcomeKind(%d)", int(k))
}
