package pybridge

import (
	"errors"
	"fmt"
	"sort"

	"github.com/kgents/kgents-core/laws/term"
)

// signatureOf is the term signature of an operad's operations, with the
// sorts they declare ("agent" where they declare none) and every leaf
// declared as a variable of its sort, so that a leaf written in an
// equation is type-checked like an operation.
func signatureOf(od OperadDescribe) (*term.Signature, error) {
	ops := make([]term.Operation, 0, len(od.Operations))
	for _, o := range od.Operations {
		a := term.Fixed(o.Arity)
		if o.Variadic || o.Arity < 0 {
			a = term.Variadic(1)
		}
		if !a.IsVariadic() && len(o.Args) > max(o.Arity, 1) {
			return nil, fmt.Errorf("operation %s takes %d arguments but declares %d argument sorts", o.Name, o.Arity, len(o.Args))
		}
		args := []string{SortAgent}
		if len(o.Args) > 0 {
			args = make([]string, len(o.Args))
			for i, s := range o.Args {
				args[i] = sortOr(s)
			}
		}
		ops = append(ops, term.Operation{Name: o.Name, Arity: a, Args: args, Result: sortOr(o.Result)})
	}
	sig, err := term.NewSignature(ops...)
	if err != nil {
		return nil, err
	}
	for _, l := range od.Leaves {
		sig = sig.WithVarSort(l.Name, l.SortOr())
	}
	return sig, nil
}

// lawSorts gives every variable of eq that is not a leaf its sort, from
// the positions it occupies on either side; or the reason it cannot: the
// sides have different sorts, a variable is used at two sorts, a variable
// occupies no sorted position, or no leaf has its sort.
func lawSorts(sig *term.Signature, od OperadDescribe, eq term.Equation, isLeaf map[string]bool) (map[string]string, string) {
	ls, err := sig.SortOf(eq.LHS)
	if err != nil {
		return nil, typeReason(err)
	}
	rs, err := sig.SortOf(eq.RHS)
	if err != nil {
		return nil, typeReason(err)
	}
	if ls != "" && rs != "" && ls != rs {
		return nil, fmt.Sprintf("the left side is of sort %s and the right side of sort %s", ls, rs)
	}
	want := ls
	if want == "" {
		want = rs
	}
	out := map[string]string{}
	for _, side := range []*term.Term{eq.LHS, eq.RHS} {
		vs, err := sig.VarSorts(side, want)
		if err != nil {
			return nil, typeReason(err)
		}
		for v, s := range vs {
			if isLeaf[v] {
				continue
			}
			if prev := out[v]; prev != "" && s != "" && prev != s {
				return nil, fmt.Sprintf("variable %s is used at sorts %s and %s", v, prev, s)
			}
			if out[v] == "" {
				out[v] = s
			}
		}
	}
	has := map[string]bool{}
	for _, l := range od.Leaves {
		has[l.SortOr()] = true
	}
	names := make([]string, 0, len(out))
	for v := range out {
		names = append(names, v)
	}
	sort.Strings(names)
	for _, v := range names {
		switch s := out[v]; {
		case s == "":
			return nil, fmt.Sprintf("variable %s occupies no position with a sort, so it cannot be given one", v)
		case !has[s]:
			return nil, fmt.Sprintf("variable %s is of sort %s and no leaf is (give %s leaves in kgents_core.Leaves)", v, s, s)
		}
	}
	return out, ""
}

func typeReason(err error) string {
	var te *term.TypeError
	if errors.As(err, &te) {
		return te.Term + ": " + te.Msg
	}
	return err.Error()
}

// generating returns the signature terms are generated over: the
// operations whose every argument sort has leaves (so that any position,
// at any budget, can be filled by a leaf), with the leaves' sorts and the
// identity of sig; and the leaves of each sort.
func generating(sig *term.Signature, od OperadDescribe) (*term.Signature, term.Leaves) {
	bySort := map[string][]string{}
	for _, l := range od.Leaves {
		bySort[l.SortOr()] = append(bySort[l.SortOr()], l.Name)
	}
	var ops []term.Operation
	for _, o := range sig.Operations() {
		ok := true
		for i := 0; i < max(o.Arity.Min, len(o.Args)); i++ {
			if len(bySort[o.ArgSort(i)]) == 0 {
				ok = false
			}
		}
		if ok {
			ops = append(ops, o)
		}
	}
	// ops come from a valid signature, so a subset of them is one too
	g := term.MustSignature(ops...)
	if id := sig.Identity(); id != nil {
		g = g.WithIdentity(id)
	}
	for _, l := range od.Leaves {
		g = g.WithVarSort(l.Name, l.SortOr())
	}
	leaves := term.Leaves{}
	for s, names := range bySort {
		leaves[s] = term.VariablesOf(names...)
	}
	return g, leaves
}
