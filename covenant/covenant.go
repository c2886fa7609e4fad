package covenant

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"
)

// Covenant is a grant of capabilities: its Terms (permissions, review gates,
// handle scope, budget limits, expiry) plus an identity and a lifecycle
// (docs/covenant.md). A Covenant is an immutable value: transitions return a new
// Covenant and leave the receiver unchanged, so it is safe to share between
// goroutines. To enforce one, give it to NewEnforcer.
//
// The zero Covenant has no id; NewEnforcer and MarshalJSON reject it.
type Covenant struct {
	id           ID
	terms        Terms
	gates        []ReviewGate // in the order given (kgents keeps a tuple)
	status       Status
	grantedBy    optString
	grantedAt    optTime
	revokedBy    optString
	revokedAt    optTime
	revokeReason string
	createdAt    time.Time
	reason       string
	metadata     map[string]json.RawMessage
}

// optString is a nullable string (kgents granted_by and revoked_by).
type optString struct {
	s  string
	ok bool
}

// Option configures Propose.
type Option func(*Covenant) error

// WithGates sets the review gates. Two gates with one trigger make Propose
// fail with ErrDuplicateGate (kgents silently lets the last one win in the
// enforcer and the first one in get_gate).
func WithGates(gates ...ReviewGate) Option {
	return func(c *Covenant) error { return c.setGates(gates, "review_gates") }
}

// WithTerms replaces the permissions, handle scope, budget, expiry and
// review gates by those of t: a covenant with terms built by Meet or
// Attenuate. Options after it may change them again.
func WithTerms(t Terms) Option {
	return func(c *Covenant) error {
		c.terms = t
		c.gates = t.gates.slice()
		return nil
	}
}

// WithReason sets the reason (kgents "reason").
func WithReason(reason string) Option {
	return func(c *Covenant) error { c.reason = reason; return nil }
}

// WithExpiry makes the covenant expire after at (truncated to microseconds,
// the precision of the JSON form). Checks at exactly at still pass.
func WithExpiry(at time.Time) Option {
	return func(c *Covenant) error {
		t, err := checkTime("expires_at", at)
		c.terms.expiry = someTime(t)
		return err
	}
}

// WithBudget sets the budget limits enforced by Reserve.
func WithBudget(b Budget) Option {
	return func(c *Covenant) error { c.terms.budget = b; return nil }
}

// WithScope restricts the handles CheckHandle admits to those matching one
// of the patterns: "X.*" matches handles starting with "X." (not "X"
// itself), "X*" handles starting with "X", anything else only itself. With
// no patterns every handle is denied. Without this option every handle is
// admitted.
func WithScope(patterns ...string) Option {
	return func(c *Covenant) error { c.terms.scope = newScope(patterns); return nil }
}

// WithMetadata sets metadata key to value, encoded as JSON.
func WithMetadata(key string, value any) Option {
	return func(c *Covenant) error {
		raw, err := json.Marshal(value)
		if err == nil {
			raw, err = canonicalJSON(raw)
		}
		if err != nil {
			return &Error{kind: errInvalid, info: &errInfo{field: "metadata." + key, err: err}}
		}
		if c.metadata == nil {
			c.metadata = map[string]json.RawMessage{}
		}
		c.metadata[key] = raw
		return nil
	}
}

// WithID sets the id instead of a fresh random one.
func WithID(id ID) Option {
	return func(c *Covenant) error {
		if id == "" {
			return invalidf(errInvalid, "id", "must not be empty")
		}
		c.id = id
		return nil
	}
}

// WithCreatedAt sets the creation instant instead of time.Now().
func WithCreatedAt(at time.Time) Option {
	return func(c *Covenant) error {
		t, err := checkTime("created_at", at)
		c.createdAt = t
		return err
	}
}

// CreatedAt is the former name of WithCreatedAt, kept because the
// package's examples used it.
//
// Deprecated: use [WithCreatedAt], named like the other options.
func CreatedAt(at time.Time) Option { return WithCreatedAt(at) }

// Propose returns a new PROPOSED covenant permitting exactly the listed
// operations (kgents Covenant.propose). Names are exact: there are no
// wildcards in permissions.
func Propose(permissions []string, opts ...Option) (Covenant, error) {
	c := Covenant{
		id:    "",
		terms: Terms{perms: newPermSet(permissions)},
	}
	for _, opt := range opts {
		if err := opt(&c); err != nil {
			return Covenant{}, err
		}
	}
	if c.id == "" {
		c.id = NewID()
	}
	if c.createdAt.IsZero() {
		c.createdAt = time.Now().Truncate(time.Microsecond)
	}
	return c, nil
}

func (c *Covenant) setGates(gates []ReviewGate, field string) error {
	seen := make(map[string]int, len(gates))
	for i, g := range gates {
		place := fmt.Sprintf("%s[%d]", field, i)
		if err := g.validate(place); err != nil {
			return err
		}
		if j, dup := seen[g.Trigger]; dup {
			return &Error{kind: errDuplicateGate, op: g.Trigger, info: &errInfo{field: place + ".trigger", detail: fmt.Sprintf("already the trigger of %s[%d]", field, j)}}
		}
		seen[g.Trigger] = i
	}
	c.gates = slices.Clone(gates)
	sorted := slices.Clone(gates)
	slices.SortFunc(sorted, func(a, b ReviewGate) int {
		switch {
		case a.Trigger < b.Trigger:
			return -1
		case a.Trigger > b.Trigger:
			return 1
		}
		return 0
	})
	c.terms.gates = newGateList(sorted)
	if len(gates) == 0 {
		c.gates, c.terms.gates = nil, gateList{}
	}
	return nil
}

// checkTime truncates t to microseconds and rejects instants that the
// kgents JSON form (Python datetime, years 1 to 9999) cannot carry.
func checkTime(field string, t time.Time) (time.Time, error) {
	t = t.Truncate(time.Microsecond)
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return t, invalidf(errInvalid, field, "year %d outside 1..9999", y)
	}
	return t, nil
}

// ID returns the covenant's id.
func (c Covenant) ID() ID { return c.id }

// Status returns the lifecycle status. Expiry by time does not change the
// status (as in kgents): use IsActive to ask whether the covenant is usable.
func (c Covenant) Status() Status { return c.status }

// Terms returns what the covenant allows when active.
func (c Covenant) Terms() Terms { return c.terms }

// Permissions returns the permitted operation names, sorted. If except is
// true the covenant permits every operation except names (only attenuating
// Top with Without makes such a covenant).
func (c Covenant) Permissions() (names []string, except bool) {
	return slices.Clone(c.terms.perms.names), c.terms.perms.cofinite
}

// HasPermission reports whether op is permitted (exact match; kgents
// has_permission).
func (c Covenant) HasPermission(op string) bool { return c.terms.perms.has(op) }

// Gates returns the review gates in the order they were given.
func (c Covenant) Gates() []ReviewGate { return slices.Clone(c.gates) }

// Gate returns the gate on trigger (kgents get_gate).
func (c Covenant) Gate(trigger string) (ReviewGate, bool) { return c.terms.gate(trigger) }

// Budget returns the budget limits.
func (c Covenant) Budget() Budget { return c.terms.budget }

// Scope returns the handle patterns, and false if every handle is admitted.
func (c Covenant) Scope() (patterns []string, restricted bool) {
	return c.terms.scope.patterns(), c.terms.scope.restricted
}

// CanAccess reports whether handle is in the handle scope (kgents
// Offering.can_access).
func (c Covenant) CanAccess(handle string) bool { return c.terms.scope.allows(handle) }

// Granted returns who granted the covenant and when, and false if it never
// was granted.
func (c Covenant) Granted() (by string, at time.Time, ok bool) {
	return c.grantedBy.s, c.grantedAt.t, c.grantedAt.ok
}

// Revocation returns who revoked the covenant, why and when, and false if
// it was not revoked.
func (c Covenant) Revocation() (by, reason string, at time.Time, ok bool) {
	return c.revokedBy.s, c.revokeReason, c.revokedAt.t, c.revokedAt.ok
}

// CreatedAt returns when the covenant was created.
func (c Covenant) CreatedAt() time.Time { return c.createdAt }

// ExpiresAt returns the expiry instant, and false if it never expires.
func (c Covenant) ExpiresAt() (time.Time, bool) { return c.terms.expiry.t, c.terms.expiry.ok }

// Reason returns the reason given when the covenant was proposed.
func (c Covenant) Reason() string { return c.reason }

// Metadata returns a copy of the metadata, each value as JSON.
func (c Covenant) Metadata() map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(c.metadata))
	for k, v := range c.metadata {
		out[k] = slices.Clone(v)
	}
	return out
}

// Amends returns the id of the covenant this one amends or attenuates, from
// metadata "amends" (or "attenuates").
func (c Covenant) Amends() (ID, bool) {
	for _, key := range []string{"amends", "attenuates"} {
		var id string
		if raw, ok := c.metadata[key]; ok && json.Unmarshal(raw, &id) == nil {
			return ID(id), true
		}
	}
	return "", false
}

// IsActive reports whether the covenant is usable at now: status GRANTED and
// now not after the expiry (equal to the expiry is still active).
func (c Covenant) IsActive(now time.Time) bool { return c.CheckActive(now) == nil }

// CheckActive returns nil if the covenant is active at now, and otherwise,
// in this order: ErrRevoked (with the revoke reason), ErrNotGranted (any
// other status but GRANTED), ErrExpired.
func (c Covenant) CheckActive(now time.Time) error {
	switch {
	case c.status == Revoked:
		return &Error{kind: errRevoked, info: &errInfo{covenant: c.id, status: c.status, detail: c.revokeReason}}
	case c.status != Granted:
		return &Error{kind: errNotGranted, info: &errInfo{covenant: c.id, status: c.status}}
	case c.terms.expiry.ok && now.After(c.terms.expiry.t):
		return &Error{kind: errExpired, info: &errInfo{covenant: c.id, status: c.status, detail: formatISO(c.terms.expiry.t)}}
	}
	return nil
}

// CheckPermission is CheckActive followed by ErrNotPermitted if op is not
// permitted (kgents check_permission). It counts nothing: review gates are
// counted by an Enforcer.
func (c Covenant) CheckPermission(op string, now time.Time) error {
	if err := c.CheckActive(now); err != nil {
		return err
	}
	if !c.terms.perms.has(op) {
		return &Error{kind: errNotPermitted, op: op, info: &errInfo{covenant: c.id, status: c.status, allowed: &c.terms.perms}}
	}
	return nil
}

func (c Covenant) transitionErr(verb string) error {
	return &Error{kind: errTransition, info: &errInfo{covenant: c.id, status: c.status, detail: fmt.Sprintf("Cannot %s from %s", verb, c.status)}}
}

// Negotiate moves a PROPOSED covenant to NEGOTIATING; from any other
// status it fails with ErrTransition.
func (c Covenant) Negotiate() (Covenant, error) {
	if c.status != Proposed {
		return Covenant{}, c.transitionErr("negotiate")
	}
	c.status = Negotiating
	return c, nil
}

// Grant moves a PROPOSED or NEGOTIATING covenant to GRANTED, recording by
// and at. A REVOKED covenant cannot be granted again.
func (c Covenant) Grant(by string, at time.Time) (Covenant, error) {
	if c.status != Proposed && c.status != Negotiating {
		return Covenant{}, c.transitionErr("grant")
	}
	t, err := checkTime("granted_at", at)
	if err != nil {
		return Covenant{}, err
	}
	c.status, c.grantedBy, c.grantedAt = Granted, optString{by, true}, someTime(t)
	return c, nil
}

// Revoke moves a PROPOSED, NEGOTIATING or GRANTED covenant to REVOKED,
// recording by, reason and at; grant information is kept.
func (c Covenant) Revoke(by, reason string, at time.Time) (Covenant, error) {
	if c.status != Proposed && c.status != Negotiating && c.status != Granted {
		return Covenant{}, c.transitionErr("revoke")
	}
	t, err := checkTime("revoked_at", at)
	if err != nil {
		return Covenant{}, err
	}
	c.status, c.revokedBy, c.revokeReason, c.revokedAt = Revoked, optString{by, true}, reason, someTime(t)
	return c, nil
}

// Amend returns a successor proposal from any status (kgents amend): a new
// id, status PROPOSED, no grant or revocation, created at at, reason
// "Amendment of <old id>", metadata plus "amends": old id. Expiry, budget and
// scope are kept. A nil permissions or gates keeps the current ones; a
// non-nil empty slice clears them.
func (c Covenant) Amend(at time.Time, permissions []string, gates []ReviewGate) (Covenant, error) {
	n, err := c.successor(at, "Amendment of ", "amends")
	if err != nil {
		return Covenant{}, err
	}
	if permissions != nil {
		n.terms.perms = newPermSet(permissions)
	}
	if gates != nil {
		if err := n.setGates(gates, "review_gates"); err != nil {
			return Covenant{}, err
		}
	}
	return n, nil
}

// Attenuate returns a successor proposal whose terms are c's terms
// restricted by as: a new id, status PROPOSED, reason "Attenuation of <old
// id>", metadata plus "attenuates": old id. The successor never allows more
// than c; grant it to use it.
func (c Covenant) Attenuate(at time.Time, as ...Attenuation) (Covenant, error) {
	n, err := c.successor(at, "Attenuation of ", "attenuates")
	if err != nil {
		return Covenant{}, err
	}
	t, err := c.terms.Attenuate(as...)
	if err != nil {
		return Covenant{}, err
	}
	n.terms = t
	n.gates = t.gates.slice()
	return n, nil
}

func (c Covenant) successor(at time.Time, reasonPrefix, metaKey string) (Covenant, error) {
	t, err := checkTime("created_at", at)
	if err != nil {
		return Covenant{}, err
	}
	old, _ := json.Marshal(string(c.id))
	meta := maps.Clone(c.metadata)
	if meta == nil {
		meta = map[string]json.RawMessage{}
	}
	meta[metaKey] = old
	return Covenant{
		id:        NewID(),
		terms:     c.terms,
		gates:     c.gates,
		status:    Proposed,
		createdAt: t,
		reason:    reasonPrefix + string(c.id),
		metadata:  meta,
	}, nil
}

// Equal reports whether c and d are the same covenant value: every field
// equal, metadata compared as JSON text, gates in order.
func (c Covenant) Equal(d Covenant) bool {
	return c.id == d.id && c.terms.perms.equal(d.terms.perms) && c.terms.scope.equal(d.terms.scope) &&
		c.terms.budget == d.terms.budget && c.terms.expiry.equal(d.terms.expiry) &&
		slices.Equal(c.gates, d.gates) && c.status == d.status &&
		c.grantedBy == d.grantedBy && c.grantedAt.equal(d.grantedAt) &&
		c.revokedBy == d.revokedBy && c.revokedAt.equal(d.revokedAt) && c.revokeReason == d.revokeReason &&
		c.createdAt.Equal(d.createdAt) && c.reason == d.reason &&
		maps.EqualFunc(c.metadata, d.metadata, func(a, b json.RawMessage) bool { return string(a) == string(b) })
}

// String returns a one-line summary for logs.
func (c Covenant) String() string {
	return fmt.Sprintf("covenant %s (%s): %s", c.id, c.status, c.terms)
}
