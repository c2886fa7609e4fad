package jsonoperad

import (
	"fmt"
	"sort"
	"strings"
)

// A misspelt name (an operation "plsu", a member "exp") is the most common
// mistake in a hand-written file; the errors about unknown names say which
// known name is closest, when one is close enough to be the likely intent.

// closest returns the candidate closest to name by edit distance
// (adjacent transpositions count as one edit), when it is at most 2 edits
// away and fewer than the length of name; "" when none is.
func closest(name string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if c == name {
			continue
		}
		if d := editDistance(name, c); d < bestD && d < len([]rune(name)) {
			best, bestD = c, d
		}
	}
	return best
}

// known says which names there are, suggesting the one closest to name:
// "(did you mean plus? operations: plus, neg)" with what "operations".
func known(name, what string, names []string) string {
	list := strings.Join(names, ", ")
	if c := closest(name, names); c != "" {
		return fmt.Sprintf("(did you mean %s? %s: %s)", c, what, list)
	}
	return fmt.Sprintf("(%s: %s)", what, list)
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of adjacent runes.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// unknownOp describes an unknown operation name: the suggestion, if any,
// and the operations there are.
func (o *Operad) unknownOp(name string) string {
	return fmt.Sprintf("unknown operation %s %s", name, known(name, "operations", o.opNameList()))
}

// opNameList returns the operations' names in the order they are written.
func (o *Operad) opNameList() []string {
	if o.sig != nil {
		var names []string
		for _, op := range o.sig.Operations() {
			names = append(names, op.Name)
		}
		return names
	}
	names := make([]string, 0, len(o.ops))
	for n := range o.ops {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
