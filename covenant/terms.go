package covenant

import (
	"slices"
	"strings"
	"time"
)

// permSet is a finite set of operation names, or (cofinite) all names but a
// finite set. names is sorted and without duplicates.
type permSet struct {
	cofinite bool
	names    []string
}

func newPermSet(names []string) permSet {
	s := slices.Clone(names)
	slices.Sort(s)
	return permSet{names: slices.Compact(s)}
}

func (p *permSet) has(name string) bool {
	_, found := slices.BinarySearch(p.names, name)
	return found != p.cofinite
}

func (p *permSet) isEmpty() bool { return !p.cofinite && len(p.names) == 0 }

func (p *permSet) describe() string {
	if p == nil {
		return "{}"
	}
	list := "{" + strings.Join(p.names, ", ") + "}"
	if p.cofinite {
		if len(p.names) == 0 {
			return "everything"
		}
		return "everything except " + list
	}
	return list
}

func (p permSet) equal(q permSet) bool {
	return p.cofinite == q.cofinite && slices.Equal(p.names, q.names)
}

// meetPerms intersects two permission sets:
// finite ∩ finite, finite minus the excluded names of a cofinite set, and
// cofinite ∩ cofinite excludes the union.
func meetPerms(a, b permSet) permSet {
	switch {
	case !a.cofinite && !b.cofinite:
		return permSet{names: intersectSorted(a.names, b.names)}
	case a.cofinite && b.cofinite:
		return permSet{cofinite: true, names: unionSorted(a.names, b.names)}
	case a.cofinite:
		return permSet{names: differenceSorted(b.names, a.names)}
	default:
		return permSet{names: differenceSorted(a.names, b.names)}
	}
}

// intersectSorted returns a ∩ b. The inputs are never modified, so when
// the intersection is one of them it is returned as is, without allocating.
func intersectSorted(a, b []string) []string {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := strings.Compare(a[i], b[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			n++
			i++
			j++
		}
	}
	switch n {
	case 0:
		return nil
	case len(a):
		return a
	case len(b):
		return b
	}
	out := make([]string, 0, n)
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := strings.Compare(a[i], b[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

func unionSorted(a, b []string) []string {
	switch {
	case len(a) == 0:
		return b
	case len(b) == 0:
		return a
	}
	out := make([]string, 0, len(a)+len(b))
	out = append(append(out, a...), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// differenceSorted returns a \ b, a itself when nothing is removed.
func differenceSorted(a, b []string) []string {
	var out []string
	for i, s := range a {
		if _, found := slices.BinarySearch(b, s); found {
			if out == nil {
				out = make([]string, i, len(a))
				copy(out, a[:i])
			}
			continue
		}
		if out != nil {
			out = append(out, s)
		}
	}
	if out == nil {
		return a
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// A pattern is one handle scope entry: exact ("time"), or a prefix ("time.*"
// is the prefix "time.", "time*" the prefix "time", "*" every handle).
// kgents matches X.* and X* by prefix and everything by exact equality; an
// exact match of a pattern ending in '*' is already covered by its prefix,
// so the two forms are all there is.
type pattern struct {
	s      string
	prefix bool
}

func parsePattern(p string) pattern {
	if strings.HasSuffix(p, "*") {
		return pattern{s: p[:len(p)-1], prefix: true}
	}
	return pattern{s: p}
}

func (p pattern) String() string {
	if p.prefix {
		return p.s + "*"
	}
	return p.s
}

func (p pattern) matches(h string) bool {
	if p.prefix {
		return strings.HasPrefix(h, p.s)
	}
	return h == p.s
}

// covers reports whether every handle q matches also matches p.
func (p pattern) covers(q pattern) bool {
	if p.prefix {
		return strings.HasPrefix(q.s, p.s)
	}
	return !q.prefix && q.s == p.s
}

// meetPattern returns the pattern matching exactly the handles both match.
func meetPattern(p, q pattern) (pattern, bool) {
	switch {
	case p.covers(q):
		return q, true
	case q.covers(p):
		return p, true
	}
	return pattern{}, false
}

// scope is a set of handle patterns; an unrestricted scope admits every
// handle, a restricted one with no patterns admits none (kgents: an empty
// scope denies everything). pats is an antichain (no pattern covers
// another), sorted, so equal languages have equal representations.
type scope struct {
	restricted bool
	pats       []pattern
}

func newScope(patterns []string) scope {
	ps := make([]pattern, len(patterns))
	for i, p := range patterns {
		ps[i] = parsePattern(p)
	}
	return scope{restricted: true, pats: normalizePatterns(ps)}
}

func normalizePatterns(ps []pattern) []pattern {
	var out []pattern
	for i, p := range ps {
		redundant := false
		for j, q := range ps {
			// Drop p if another pattern covers it; of two equal patterns
			// keep the first.
			if i != j && q.covers(p) && (!p.covers(q) || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b pattern) int {
		if c := strings.Compare(a.s, b.s); c != 0 {
			return c
		}
		switch {
		case a.prefix == b.prefix:
			return 0
		case a.prefix:
			return 1
		}
		return -1
	})
	return out
}

func (s *scope) allows(handle string) bool {
	if !s.restricted {
		return true
	}
	for _, p := range s.pats {
		if p.matches(handle) {
			return true
		}
	}
	return false
}

func (s *scope) patterns() []string {
	out := make([]string, len(s.pats))
	for i, p := range s.pats {
		out[i] = p.String()
	}
	return out
}

func (s *scope) describe() string {
	if s == nil || !s.restricted {
		return "every handle"
	}
	return "[" + strings.Join(s.patterns(), ", ") + "]"
}

func (s scope) equal(t scope) bool {
	return s.restricted == t.restricted && slices.Equal(s.pats, t.pats)
}

func meetScope(a, b scope) scope {
	if !a.restricted {
		return b
	}
	if !b.restricted {
		return a
	}
	var ps []pattern
	for _, p := range a.pats {
		for _, q := range b.pats {
			if m, ok := meetPattern(p, q); ok {
				ps = append(ps, m)
			}
		}
	}
	return scope{restricted: true, pats: normalizePatterns(ps)}
}

// optTime is a nullable instant.
type optTime struct {
	t  time.Time
	ok bool
}

func someTime(t time.Time) optTime { return optTime{t: t, ok: true} }

func (o optTime) equal(p optTime) bool { return o.ok == p.ok && (!o.ok || o.t.Equal(p.t)) }

func meetExpiry(a, b optTime) optTime {
	switch {
	case !a.ok:
		return b
	case !b.ok:
		return a
	case b.t.Before(a.t):
		return b
	}
	return a
}

// Terms is what a covenant lets its holder do, without its identity or
// lifecycle: the product
//
//	permissions × handle scope × budget limits × expiry × review gates
//
// ordered by "allows at most": a ≤ b when everything a allows, b allows.
// Terms form a bounded meet-semilattice: Meet is the greatest lower bound,
// Top the unrestricted terms, Bottom the terms that allow nothing. Allows is
// a homomorphism from Meet to logical and.
//
// Terms are values; every method returns a new one. The zero Terms equals
// Bottom.
type Terms struct {
	perms  permSet
	scope  scope
	budget Budget
	expiry optTime
	gates  gateList // sorted by trigger, unique triggers
}

// Top returns the unrestricted terms: every operation, every handle, no
// budget limit, no expiry, no review gate. Top is the identity of Meet.
func Top() Terms {
	return Terms{perms: permSet{cofinite: true}}
}

// Bottom returns the terms that allow nothing. Bottom absorbs under Meet.
// Every Terms without permissions is Equal to Bottom, whatever its other
// factors, since none of them can then make a difference.
func Bottom() Terms {
	return Terms{scope: scope{restricted: true}}
}

// Meet returns the greatest terms below both a and b: permissions
// intersected, handle scopes intersected (as sets of handles), each budget
// limit the smaller, the earlier expiry, and review gates combined: a gate
// on a trigger of only one side is kept; two gates on one trigger become one
// with the smaller threshold and the stricter fallback and timeout (see
// ReviewGate and the package doc).
func Meet(a, b Terms) Terms {
	return Terms{
		perms:  meetPerms(a.perms, b.perms),
		scope:  meetScope(a.scope, b.scope),
		budget: meetBudget(a.budget, b.budget),
		expiry: meetExpiry(a.expiry, b.expiry),
		gates:  meetGates(a.gates, b.gates),
	}
}

func meetGates(a, b gateList) gateList {
	switch {
	case a.len() == 0:
		return b
	case b.len() == 0:
		return a
	case a.hasOne && b.hasOne && a.one[0].Trigger == b.one[0].Trigger:
		var out gateList
		out.hasOne = true
		meetGateInto(&out.one[0], &a.one[0], &b.one[0])
		return out
	}
	av, bv := a.view(), b.view()
	n := len(av) + len(bv)
	for i, j := 0, 0; i < len(av) && j < len(bv); {
		switch c := strings.Compare(av[i].Trigger, bv[j].Trigger); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			n--
			i++
			j++
		}
	}
	out := make([]ReviewGate, n)
	k, i, j := 0, 0, 0
	for ; i < len(av) && j < len(bv); k++ {
		switch c := strings.Compare(av[i].Trigger, bv[j].Trigger); {
		case c < 0:
			out[k] = av[i]
			i++
		case c > 0:
			out[k] = bv[j]
			j++
		default:
			meetGateInto(&out[k], &av[i], &bv[j])
			i++
			j++
		}
	}
	k += copy(out[k:], av[i:])
	copy(out[k:], bv[j:])
	return newGateList(out)
}

// Equal reports whether t and u are the same terms. Terms without any
// permission are all equal (they are all Bottom); otherwise every factor is
// compared, handle scopes and gate lists in their canonical form.
func (t Terms) Equal(u Terms) bool {
	if t.perms.isEmpty() || u.perms.isEmpty() {
		return t.perms.isEmpty() && u.perms.isEmpty()
	}
	return t.perms.equal(u.perms) && t.scope.equal(u.scope) && t.budget == u.budget &&
		t.expiry.equal(u.expiry) && t.gates.equal(u.gates)
}

// Permits reports whether operation op is among the permissions.
func (t Terms) Permits(op string) bool { return t.perms.has(op) }

// Permissions returns the permitted operation names, sorted; if except is
// true, the terms permit every operation except names.
func (t Terms) Permissions() (names []string, except bool) {
	return slices.Clone(t.perms.names), t.perms.cofinite
}

// Scope returns the handle patterns, and false if every handle is admitted.
func (t Terms) Scope() (patterns []string, restricted bool) {
	return t.scope.patterns(), t.scope.restricted
}

// Budget returns the budget limits.
func (t Terms) Budget() Budget { return t.budget }

// Expiry returns the expiry instant, and false if the terms never expire.
func (t Terms) Expiry() (time.Time, bool) { return t.expiry.t, t.expiry.ok }

// Gates returns the review gates, sorted by trigger.
func (t Terms) Gates() []ReviewGate { return t.gates.slice() }

// String renders the terms for people.
func (t Terms) String() string {
	var b strings.Builder
	b.WriteString("permissions ")
	b.WriteString(t.perms.describe())
	b.WriteString(", handles ")
	b.WriteString(t.scope.describe())
	b.WriteString(", budget ")
	b.WriteString(t.budget.String())
	if t.expiry.ok {
		b.WriteString(", expires ")
		b.WriteString(formatISO(t.expiry.t))
	}
	for _, g := range t.gates.view() {
		b.WriteString(", gate ")
		b.WriteString(g.Trigger)
	}
	return b.String()
}

// Request is one use of a covenant's terms, as Allows judges it.
type Request struct {
	Op     string    // the operation; must be permitted
	Handle string    // the handle touched, or "" when no handle is involved
	At     time.Time // when; must not be after the expiry
	// Occurrence is how many times Op has been checked since its review gate
	// was last approved, counting this one (values below 1 count as 1).
	// A gated Op is allowed while Occurrence < Threshold.
	Occurrence int
	Spend      Amounts // what the request spends; must fit every limit
}

// Allows reports whether t allows r without any review: r.Op is permitted,
// r.Handle is in scope (or empty), r.At is not after the expiry (equal is
// still allowed), r.Spend is non-negative and within every limit, and a gate
// on r.Op, if any, has not been reached (Occurrence < Threshold).
//
// Allows is a homomorphism: Allows(Meet(a, b), r) == Allows(a, r) && Allows(b, r)
// for all a, b, r. Gate timeouts and fallbacks are not part of Allows: they
// depend on how long a review has been pending, which only an Enforcer knows.
func Allows(t Terms, r Request) bool {
	if !t.perms.has(r.Op) {
		return false
	}
	if r.Handle != "" && !t.scope.allows(r.Handle) {
		return false
	}
	if t.expiry.ok && r.At.After(t.expiry.t) {
		return false
	}
	if !t.budget.Fits(r.Spend) {
		return false
	}
	if g, ok := t.gate(r.Op); ok && max(r.Occurrence, 1) >= g.Threshold {
		return false
	}
	return true
}

func (t Terms) gate(trigger string) (ReviewGate, bool) { return t.gates.find(trigger) }

// An Attenuation is one restriction of terms. Applying it is a meet with the
// restriction, so an attenuation can only take rights away, and applying
// several gives the same terms in any order.
type Attenuation struct {
	t   Terms
	err error
}

// Only keeps only the listed operations.
func Only(ops ...string) Attenuation {
	t := Top()
	t.perms = newPermSet(ops)
	return Attenuation{t: t}
}

// Without removes the listed operations.
func Without(ops ...string) Attenuation {
	t := Top()
	t.perms = newPermSet(ops)
	t.perms.cofinite = true
	return Attenuation{t: t}
}

// OnlyHandles narrows the handle scope to the handles matching one of the
// patterns (exact, "X.*" or "X*").
func OnlyHandles(patterns ...string) Attenuation {
	t := Top()
	t.scope = newScope(patterns)
	return Attenuation{t: t}
}

// CapBudget caps the budget: each limit becomes at most the limit of b in
// that dimension (a dimension b leaves unbounded is not changed).
func CapBudget(b Budget) Attenuation {
	t := Top()
	t.budget = b
	return Attenuation{t: t}
}

// Limit is the former name of CapBudget, kept because the package's
// examples used it.
//
// Deprecated: use [CapBudget]; Limit is easily confused with [Budget.Limit].
func Limit(b Budget) Attenuation { return CapBudget(b) }

// ExpireBy makes the terms expire no later than at.
func ExpireBy(at time.Time) Attenuation {
	t := Top()
	t.expiry = someTime(at.Truncate(time.Microsecond))
	return Attenuation{t: t}
}

// AddGate adds a review gate, combined with any gate already on its trigger
// as Meet does. An invalid gate makes Attenuate fail.
func AddGate(g ReviewGate) Attenuation {
	t := Top()
	if err := g.validate("gate"); err != nil {
		return Attenuation{t: t, err: err}
	}
	t.gates = newGateList([]ReviewGate{g})
	return Attenuation{t: t}
}

// Attenuate applies the attenuations to t. The result is Meet of t with
// each restriction, so it is below t, and the order of as does not matter.
func (t Terms) Attenuate(as ...Attenuation) (Terms, error) {
	for _, a := range as {
		if a.err != nil {
			return Terms{}, a.err
		}
		t = Meet(t, a.t)
	}
	return t, nil
}
