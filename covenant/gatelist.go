package covenant

import (
	"slices"
	"strings"
)

// gateList holds the review gates of Terms, sorted by trigger with unique
// triggers. A single gate, by far the most common case, is stored inline,
// so that a meet whose result has one gate (two gates on one trigger,
// combined) allocates nothing; lists of other lengths live in a slice that
// is never modified once built.
type gateList struct {
	one    [1]ReviewGate // an array, so that view can slice it
	hasOne bool
	many   []ReviewGate // when !hasOne: the gates (nil for none)
}

// newGateList returns the list of sorted, unique-trigger gates gs.
func newGateList(gs []ReviewGate) gateList {
	if len(gs) == 1 {
		return gateList{one: [1]ReviewGate{gs[0]}, hasOne: true}
	}
	if len(gs) == 0 {
		return gateList{}
	}
	return gateList{many: gs}
}

func (l *gateList) len() int {
	if l.hasOne {
		return 1
	}
	return len(l.many)
}

// view returns the gates as a slice without copying; for one gate it
// points into l, so l must stay where it is while the view is used.
func (l *gateList) view() []ReviewGate {
	if l.hasOne {
		return l.one[:]
	}
	return l.many
}

// slice returns a copy of the gates.
func (l gateList) slice() []ReviewGate {
	if l.hasOne {
		return []ReviewGate{l.one[0]}
	}
	return slices.Clone(l.many)
}

func (l gateList) equal(m gateList) bool {
	return slices.Equal(l.view(), m.view())
}

func (l gateList) find(trigger string) (ReviewGate, bool) {
	if l.hasOne {
		return l.one[0], l.one[0].Trigger == trigger
	}
	i, found := slices.BinarySearchFunc(l.many, trigger, func(g ReviewGate, s string) int {
		return strings.Compare(g.Trigger, s)
	})
	if !found {
		return ReviewGate{}, false
	}
	return l.many[i], true
}
