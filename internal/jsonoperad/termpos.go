package jsonoperad

import (
	"errors"
	"fmt"

	"github.com/kgents/kgents-core/laws/term"
)

// Terms do not remember where they were written, but the term syntax is
// prefix notation: the names of a term's operations and variables occur in
// its text in the order of a pre-order walk. So the k-th node named f in
// that walk is the k-th application of f in the text, which is how an
// error about a subterm (an arity or a sort that does not fit) points at
// it in the file.

// termOffset returns the byte offset in text of the subterm of side at
// path (argument positions from 1, as term.TypeError gives them), or -1
// when it cannot tell (a constant, a path that leads nowhere); before are
// the terms written before side in text (the left side, for the right).
func termOffset(text string, before []*term.Term, side *term.Term, path []int) int {
	target := side
	for _, i := range path {
		if target.Kind() != term.App || i < 1 || i > target.NumArgs() {
			return -1
		}
		target = target.Arg(i - 1)
	}
	if target.Kind() == term.Const {
		return -1
	}
	same := func(u *term.Term) bool { return u.Kind() == target.Kind() && u.Name() == target.Name() }
	k := 0
	for _, b := range before {
		b.Walk(func(u *term.Term) bool {
			if same(u) {
				k++
			}
			return true
		})
	}
	found := false
	side.Walk(func(u *term.Term) bool {
		if found {
			return false
		}
		if u == target {
			found = true
			return false
		}
		if same(u) {
			k++
		}
		return true
	})
	if !found {
		return -1
	}
	return nthIdent(text, target.Name(), target.Kind() == term.App, k)
}

// nthIdent returns the offset of the k-th (from 0) occurrence of name in
// s as a whole identifier that is applied (followed by '(') or not, or -1.
func nthIdent(s, name string, applied bool, k int) int {
	from := 0
	for {
		i := indexIdent(s[from:], name)
		if i < 0 {
			return -1
		}
		i += from
		j := i + len(name)
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
			j++
		}
		if (j < len(s) && s[j] == '(') == applied {
			if k == 0 {
				return i
			}
			k--
		}
		from = i + len(name)
	}
}

// typeErrText is what a type error of a term says, without the term
// package's path of argument positions when the place is shown otherwise.
func typeErrText(err error) string {
	var te *term.TypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s: %s", te.Term, te.Msg)
	}
	return err.Error()
}

// typeErrOffset returns where in text the subterm a type error is about
// was written, or -1.
func typeErrOffset(err error, text string, before []*term.Term, side *term.Term) int {
	var te *term.TypeError
	if text == "" || !errors.As(err, &te) {
		return -1
	}
	return termOffset(text, before, side, te.Path)
}
