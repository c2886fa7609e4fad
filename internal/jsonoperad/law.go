package jsonoperad

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kgents/kgents-core/laws/term"
)

// Standard laws by name, as equations over a binary operation f with
// identity e, zero z, inverse inv and a second operation g ("over").
var standardLaws = map[string]struct {
	needs string // which of e (identity), z (zero), inv, g (over) the equations use
	eqs   []struct{ suffix, eq string }
}{
	"associativity":        {"", eqs("", "f(f(x, y), z) = f(x, f(y, z))")},
	"commutativity":        {"", eqs("", "f(x, y) = f(y, x)")},
	"identity":             {"e", eqs("left_identity", "f(e, x) = x", "right_identity", "f(x, e) = x")},
	"left_identity":        {"e", eqs("", "f(e, x) = x")},
	"right_identity":       {"e", eqs("", "f(x, e) = x")},
	"idempotence":          {"", eqs("", "f(x, x) = x")},
	"distributivity":       {"g", eqs("left_distributivity", "f(x, g(y, z)) = g(f(x, y), f(x, z))", "right_distributivity", "f(g(y, z), x) = g(f(y, x), f(z, x))")},
	"left_distributivity":  {"g", eqs("", "f(x, g(y, z)) = g(f(x, y), f(x, z))")},
	"right_distributivity": {"g", eqs("", "f(g(y, z), x) = g(f(y, x), f(z, x))")},
	"absorption":           {"g", eqs("", "f(x, g(x, y)) = x")},
	"inverse":              {"e inv", eqs("left_inverse", "f(inv(x), x) = e", "right_inverse", "f(x, inv(x)) = e")},
	"left_inverse":         {"e inv", eqs("", "f(inv(x), x) = e")},
	"right_inverse":        {"e inv", eqs("", "f(x, inv(x)) = e")},
	"annihilation":         {"z", eqs("left_annihilation", "f(z, x) = z", "right_annihilation", "f(x, z) = z")},
	"left_annihilation":    {"z", eqs("", "f(z, x) = z")},
	"right_annihilation":   {"z", eqs("", "f(x, z) = z")},
}

func eqs(pairs ...string) []struct{ suffix, eq string } {
	var out []struct{ suffix, eq string }
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, struct{ suffix, eq string }{pairs[i], pairs[i+1]})
	}
	return out
}

func (o *Operad) loadLaw(ptr string, d map[string]any) error {
	src := o.src
	base := &Law{op: o, ptr: ptr}
	base.Line, base.Col = src.lineCol(src.offset(ptr))
	if n, ok := d["checks"].(json.Number); ok {
		c, _ := n.Int64()
		base.Checks = int(c)
	}
	if n, ok := d["tolerance"].(json.Number); ok {
		base.Tolerance, _ = n.Float64()
	}
	if n, ok := d["margin"].(json.Number); ok {
		base.Margin, _ = n.Float64()
	}
	base.UpTo, _ = d["up_to"].(string)
	if eq, ok := d["equation"].(string); ok {
		l := *base
		l.Name = d["name"].(string)
		e, err := term.ParseEquation(eq)
		if err != nil {
			var pe *term.ParseError
			if errors.As(err, &pe) {
				return src.errAt(src.inString(ptr+"/equation", pe.Offset), fmt.Errorf("%w: %w", ErrInvalid, err), "law %s: %s", l.Name, parseMsg(pe))
			}
			return src.errPtr(ptr+"/equation", fmt.Errorf("%w: %w", ErrInvalid, err), "law %s: %v", l.Name, err)
		}
		return o.addLaw(&l, e, ptr+"/equation", eq)
	}
	name := d["law"].(string)
	f := o.ops[d["op"].(string)]
	if f == nil {
		return src.errPtr(ptr+"/op", ErrInvalid, "law %s: %s", name, o.unknownOp(d["op"].(string)))
	}
	if !f.decl.Arity.Allows(2) {
		return src.errPtr(ptr+"/op", ErrInvalid, "law %s: operation %s takes %s arguments; standard laws are about binary operations", name, f.name, f.decl.Arity)
	}
	subst := map[string]*term.Term{}
	std := standardLaws[name]
	needs := func(key string) bool { return slices.Contains(strings.Fields(std.needs), key) }
	if needs("g") {
		over, _ := d["over"].(string)
		if over == "" {
			return src.errPtr(ptr, ErrInvalid, "law %s of %s: say which operation it is %s over, with \"over\"", name, f.name, map[bool]string{true: "distributive", false: "absorptive"}[strings.Contains(name, "distributivity")])
		}
		g := o.ops[over]
		if g == nil {
			return src.errPtr(ptr+"/over", ErrInvalid, "law %s: %s", name, o.unknownOp(over))
		}
		if !g.decl.Arity.Allows(2) {
			return src.errPtr(ptr+"/over", ErrInvalid, "law %s: operation %s takes %s arguments, expected 2", name, over, g.decl.Arity)
		}
	} else if _, ok := d["over"]; ok {
		return src.errPtr(ptr+"/over", ErrInvalid, "law %s takes no \"over\" operation", name)
	}
	if needs("e") {
		if !f.hasIdentity {
			return src.errPtr(ptr, ErrInvalid, "law %s: operation %s has no \"identity\" (add one to %s, the value e with %s(e, x) = x)", name, f.name, f.name, f.name)
		}
		subst["e"] = term.Constant(f.identity)
	}
	if needs("z") {
		if !f.hasZero {
			return src.errPtr(ptr, ErrInvalid, "law %s: operation %s has no \"zero\" (add one to %s, the value z with %s(z, x) = z)", name, f.name, f.name, f.name)
		}
		subst["z"] = term.Constant(f.zero)
	}
	if needs("inv") && f.inverse == "" {
		return src.errPtr(ptr, ErrInvalid, "law %s: operation %s has no \"inverse\" (add one to %s: the name of the unary operation giving inverses)", name, f.name, f.name)
	}
	for _, v := range std.eqs {
		l := *base
		suffix := v.suffix
		if suffix == "" {
			suffix = name
		}
		l.Name = f.name + "." + suffix
		if n, ok := d["name"].(string); ok {
			l.Name = n
			if len(std.eqs) > 1 {
				l.Name = n + "." + suffix
			}
		}
		e := term.MustParseEquation(v.eq)
		rename := func(t *term.Term) *term.Term { return instantiate(t, f.name, d, f.inverse, subst) }
		e = term.Equation{LHS: rename(e.LHS), RHS: rename(e.RHS)}
		if err := o.addLaw(&l, e, ptr, ""); err != nil {
			return err
		}
	}
	return nil
}

// instantiate replaces f, g and inv of a standard law by the operad's
// operations and the constants e and z by their values.
func instantiate(t *term.Term, f string, d map[string]any, inv string, subst map[string]*term.Term) *term.Term {
	switch t.Kind() {
	case term.Var:
		if c, ok := subst[t.Name()]; ok {
			return c
		}
		return t
	case term.App:
		args := t.Args()
		for i, a := range args {
			args[i] = instantiate(a, f, d, inv, subst)
		}
		name := map[string]string{"f": f, "inv": inv}[t.Name()]
		if t.Name() == "g" {
			name, _ = d["over"].(string)
		}
		return term.Apply(name, args...)
	}
	return t
}

// addLaw type-checks an equation, infers its variables' sorts and adds it.
// text is the equation as written (to point into it), "" for a standard law.
func (o *Operad) addLaw(l *Law, e term.Equation, ptr, text string) error {
	src := o.src
	at := func(err error, format string, args ...any) error {
		return src.errPtr(ptr, fmt.Errorf("%w: %w", ErrInvalid, err), "law %s: %s", l.Name, fmt.Sprintf(format, args...))
	}
	nameAt := func(name string, err error, format string, args ...any) error {
		if text != "" {
			if i := indexIdent(text, name); i >= 0 {
				return src.errAt(src.inString(ptr, i), fmt.Errorf("%w: %w", ErrInvalid, err), "law %s: %s", l.Name, fmt.Sprintf(format, args...))
			}
		}
		return at(err, format, args...)
	}
	for _, side := range []*term.Term{e.LHS, e.RHS} {
		var bad error
		side.Walk(func(u *term.Term) bool {
			if bad == nil && u.Kind() == term.App {
				if _, ok := o.sig.Lookup(u.Name()); !ok {
					bad = nameAt(u.Name(), ErrInvalid, "%s", o.unknownOp(u.Name()))
				}
			}
			return bad == nil
		})
		if bad != nil {
			return bad
		}
	}
	lhsVars := map[string]bool{}
	for _, v := range e.LHS.Vars() {
		lhsVars[v] = true
	}
	for _, v := range e.RHS.Vars() {
		if !lhsVars[v] {
			return nameAt(v, ErrInvalid, "unknown variable %s: it does not occur on the left side, so nothing constrains it", v)
		}
	}
	// termAt reports a type error of one side at the subterm it is about,
	// when the equation is written in the file.
	termAt := func(err error, which string, before []*term.Term, side *term.Term) error {
		if i := typeErrOffset(err, text, before, side); i >= 0 {
			return src.errAt(src.inString(ptr, i), fmt.Errorf("%w: %w", ErrInvalid, err), "law %s: %s", l.Name, typeErrText(err))
		}
		if text == "" {
			// A standard law over operations whose sorts it does not fit.
			return at(err, "%s does not fit the sorts of its operations: %s (write the law you mean as an \"equation\")", e, typeErrText(err))
		}
		return at(err, "%s: %v", which, err)
	}
	if err := o.sig.Check(e.LHS, ""); err != nil {
		return termAt(err, "left side", nil, e.LHS)
	}
	want, _ := o.sig.SortOf(e.LHS)
	if err := o.sig.Check(e.RHS, want); err != nil {
		return termAt(err, "right side", []*term.Term{e.LHS}, e.RHS)
	}
	ls, err := o.sig.VarSorts(e.LHS, "")
	if err != nil {
		return termAt(err, "left side", nil, e.LHS)
	}
	rs, err := o.sig.VarSorts(e.RHS, want)
	if err != nil {
		return termAt(err, "right side", []*term.Term{e.LHS}, e.RHS)
	}
	for _, v := range e.Vars() {
		sn := ls[v]
		if sn == "" {
			sn = rs[v]
		}
		if ls[v] != "" && rs[v] != "" && ls[v] != rs[v] {
			return nameAt(v, ErrInvalid, "variable %s has sort %s on the left and %s on the right", v, ls[v], rs[v])
		}
		s := o.sorts[sn]
		if s == nil {
			s = o.soleSort
		}
		if s == nil {
			return nameAt(v, ErrInvalid, "cannot tell the sort of variable %s from where it is used", v)
		}
		l.Vars = append(l.Vars, Var{Name: v, Sort: s})
	}
	lhs, err := o.typeConstants(e.LHS, want)
	if err != nil {
		return at(err, "%v", err)
	}
	rhs, err := o.typeConstants(e.RHS, want)
	if err != nil {
		return at(err, "%v", err)
	}
	l.Equation = term.Equation{LHS: lhs, RHS: rhs}
	l.side = o.sorts[want]
	if l.side == nil {
		l.side = o.soleSort
	}
	if l.UpTo != "" && (l.side == nil || l.side.Kind != "agent") {
		return src.errPtr(l.ptr+"/up_to", ErrInvalid, "law %s: \"up_to\" compares the outputs of agents, and the sides of this law are not agents", l.Name)
	}
	for _, v := range l.Vars {
		l.names = append(l.names, v.Name)
	}
	if l.lhs, err = o.compile(lhs, l.names); err != nil {
		return at(err, "left side: %v", err)
	}
	if l.rhs, err = o.compile(rhs, l.names); err != nil {
		return at(err, "right side: %v", err)
	}
	o.Laws = append(o.Laws, l)
	return nil
}

// indexIdent finds name as a whole identifier in s.
func indexIdent(s, name string) int {
	isID := func(c byte) bool {
		return c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	for i := 0; i+len(name) <= len(s); i++ {
		if s[i:i+len(name)] == name && (i == 0 || !isID(s[i-1])) && (i+len(name) == len(s) || !isID(s[i+len(name)])) {
			return i
		}
	}
	return -1
}
