package covenant

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kgents/kgents-core/internal/pyjson"
)

// The JSON form is kgents' Covenant.to_dict (docs/covenant.md), a flat object
// with these keys, written in this order:
//
//	id, permissions, review_gates, status, granted_by, granted_at,
//	revoked_by, revoked_at, revoke_reason, created_at, expires_at, reason,
//	metadata
//
// Timestamps are naive ISO 8601 strings like Python's datetime.isoformat():
// "2025-12-20T10:00:00" or "2025-12-20T10:00:00.000001" (the fraction only
// when the microseconds are not zero), written in UTC. Reading also accepts
// a trailing "Z" or "+hh:mm" offset and converts to UTC; a naive timestamp
// is read as UTC. Gate timeouts are float seconds ("300.0").
//
// Three keys extend the kgents form; each is written only when it carries
// something, so a covenant read from Python is written back unchanged:
//
//	budget                  the kgents Offering budget object: tokens,
//	                        time_seconds, operations, capital, entropy,
//	                        each a number or null (unlimited)
//	scoped_handles          the kgents Offering handle patterns
//	all_permissions_except  present only on covenants that permit every
//	                        operation but these; "permissions" is then []
//
// Python ignores unknown keys, so it reads such a covenant with no budget,
// no handle scope and, for all_permissions_except, no permission at all.

// MarshalJSON writes the kgents JSON form.
func (c Covenant) MarshalJSON() ([]byte, error) {
	if c.id == "" {
		return nil, invalidf(errInvalid, "id", "cannot encode the zero Covenant")
	}
	b := append(make([]byte, 0, 512), `{"id":`...)
	b = str(b, string(c.id))
	b = append(b, `,"permissions":`...)
	if c.terms.perms.cofinite {
		b = append(b, "[]"...)
	} else {
		b = pyjson.AppendStrings(b, c.terms.perms.names, str)
	}
	b = append(b, `,"review_gates":[`...)
	for i, g := range c.gates {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"trigger":`...)
		b = str(b, g.Trigger)
		b = append(b, `,"description":`...)
		b = str(b, g.Description)
		b = append(b, `,"threshold":`...)
		b = strconv.AppendInt(b, int64(g.Threshold), 10)
		b = append(b, `,"timeout_seconds":`...)
		b = append(b, formatFixed(int64(g.Timeout), 9, true)...)
		b = append(b, `,"fallback":"`...)
		b = append(b, g.Fallback.String()...)
		b = append(b, `"}`...)
	}
	b = append(b, `],"status":`...)
	b = str(b, c.status.String())
	b = append(b, `,"granted_by":`...)
	b = appendOptString(b, c.grantedBy)
	b = append(b, `,"granted_at":`...)
	b = appendOptTime(b, c.grantedAt)
	b = append(b, `,"revoked_by":`...)
	b = appendOptString(b, c.revokedBy)
	b = append(b, `,"revoked_at":`...)
	b = appendOptTime(b, c.revokedAt)
	b = append(b, `,"revoke_reason":`...)
	b = str(b, c.revokeReason)
	b = append(b, `,"created_at":`...)
	b = appendOptTime(b, someTime(c.createdAt))
	b = append(b, `,"expires_at":`...)
	b = appendOptTime(b, c.terms.expiry)
	b = append(b, `,"reason":`...)
	b = str(b, c.reason)
	b = append(b, `,"metadata":{`...)
	for i, k := range slices.Sorted(maps.Keys(c.metadata)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = str(b, k)
		b = append(b, ':')
		b = append(b, c.metadata[k]...)
	}
	b = append(b, '}')
	if !c.terms.budget.IsUnlimited() {
		b = append(b, `,"budget":{`...)
		for i, d := range []Dimension{Tokens, Time, Operations, Capital, Entropy} {
			if i > 0 {
				b = append(b, ',')
			}
			b = str(b, jsonDimNames[d])
			b = append(b, ':')
			n, ok := c.terms.budget.Limit(d)
			switch {
			case !ok:
				b = append(b, "null"...)
			case d == Time:
				b = append(b, formatFixed(n, 9, true)...)
			case d == Capital || d == Entropy:
				b = append(b, formatFixed(n, 6, true)...)
			default:
				b = strconv.AppendInt(b, n, 10)
			}
		}
		b = append(b, '}')
	}
	if c.terms.scope.restricted {
		b = append(b, `,"scoped_handles":`...)
		b = pyjson.AppendStrings(b, c.terms.scope.patterns(), str)
	}
	if c.terms.perms.cofinite {
		b = append(b, `,"all_permissions_except":`...)
		b = pyjson.AppendStrings(b, c.terms.perms.names, str)
	}
	return append(b, '}'), nil
}

// str writes a string as the covenant form always has: as json.Marshal
// writes it, HTML characters escaped.
func str(b []byte, s string) []byte { return pyjson.AppendStringHTML(b, s) }

func appendOptString(b []byte, s optString) []byte {
	if !s.ok {
		return append(b, "null"...)
	}
	return str(b, s.s)
}

func appendOptTime(b []byte, t optTime) []byte {
	if !t.ok {
		return append(b, "null"...)
	}
	return pyjson.AppendTimestamp(b, t.t.UTC())
}

// formatISO renders t in UTC like Python's naive datetime.isoformat().
func formatISO(t time.Time) string { return pyjson.FormatTimestamp(t.UTC()) }

// formatFixed renders n / 10^scale exactly in decimal. With pyFloat an
// integral value gets ".0", as Python prints a float.
func formatFixed(n int64, scale int, pyFloat bool) string {
	return pyjson.FormatFixed(n, scale, pyFloat)
}

// UnmarshalJSON reads the kgents JSON form (see MarshalJSON), with kgents'
// from_dict defaults: status PROPOSED, created_at now, and for each gate
// threshold 1, timeout 300.0 and fallback DENY. Only "id" is required;
// unknown keys are ignored. Every error matches ErrMalformed (or a more
// specific ErrInvalid kind such as ErrDuplicateGate) and names the place,
// e.g. "review_gates[1].threshold".
//
// Decoding validates as construction does: it rejects duplicate gate
// triggers and negative thresholds, timeouts and budget limits.
func (c *Covenant) UnmarshalJSON(data []byte) error {
	d, err := decodeCovenant(data)
	if err != nil {
		return err
	}
	*c = d
	return nil
}

// canonicalJSON re-encodes a JSON value compactly, object keys sorted,
// numbers kept as written, strings escaped as encoding/json escapes them,
// so equal values have equal text.
func canonicalJSON(raw []byte) (json.RawMessage, error) { return pyjson.Canonical(raw) }

func malformed(field, format string, args ...any) *Error {
	return invalidf(errMalformed, field, format, args...)
}

// problem turns a reader's problem with a field into an ErrMalformed *Error
// naming the field.
func problem(p pyjson.Problem) error {
	if p.Want != "" {
		return malformed(p.Field, "%s, got %s", p.Want, describeJSON(p.Value))
	}
	return &Error{kind: errMalformed, info: &errInfo{field: p.Field, err: p.Err}}
}

func describeJSON(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	if s == "" {
		return "nothing"
	}
	return s
}

// numberField reads key as a non-negative number, a count of 10^-scale
// units; integer demands an integer literal.
func numberField(r *pyjson.Reader, key string, scale int, integer bool) (int64, bool) {
	lit, ok := r.Number(key)
	if !ok {
		return 0, false
	}
	if integer && strings.ContainsAny(lit, ".eE") {
		r.Report(malformed(r.Field(key), "want an integer, got %s", lit))
		return 0, false
	}
	n, err := pyjson.ParseFixed(lit, scale)
	if err != nil {
		r.Fail(key, json.RawMessage(lit), err)
		return 0, false
	}
	mantissa, _, _ := strings.Cut(strings.ToLower(lit), "e")
	if n < 0 || strings.HasPrefix(lit, "-") && strings.ContainsAny(mantissa, "123456789") {
		r.Report(invalidf(errNegative, r.Field(key), "must be >= 0, got %s", lit))
		return 0, false
	}
	return n, true
}

// readOptString reads a string that kgents writes as null when unset.
func readOptString(r *pyjson.Reader, key string) optString {
	s, ok := r.OptString(key)
	return optString{s: s, ok: ok}
}

// readOptTime reads a timestamp that kgents writes as null when unset.
func readOptTime(r *pyjson.Reader, key string) optTime {
	t, ok := r.OptTime(key)
	return optTime{t: t, ok: ok}
}

// decodeCovenant reads the fields of the kgents form in to_dict's order; the
// error is the first field's, in that order, that was wrong.
func decodeCovenant(data []byte) (Covenant, error) {
	r, serr := pyjson.Open(data, "covenant", problem)
	if serr != nil {
		return Covenant{}, &Error{kind: errMalformed, info: &errInfo{field: "covenant", err: serr}}
	}
	if r.Err() != nil {
		return Covenant{}, r.Err()
	}
	var c Covenant
	if id, ok := r.OptString("id"); r.Err() == nil && (!ok || id == "") {
		r.Report(malformed("id", "required, must be a non-empty string"))
	} else {
		c.id = ID(id)
	}
	perms, _ := r.Strings("permissions")
	c.terms.perms = newPermSet(perms)
	if except, ok := r.Strings("all_permissions_except"); ok {
		if len(perms) > 0 {
			r.Report(malformed("permissions", "must be empty when all_permissions_except is present"))
		}
		c.terms.perms = newPermSet(except)
		c.terms.perms.cofinite = true
	}
	if items, ok := r.List("review_gates", "want a list of gates"); ok {
		gates := make([]ReviewGate, len(items))
		for i, it := range items {
			if r.Err() != nil {
				break
			}
			if g, ok := r.Item("review_gates", i, it); ok {
				gates[i] = gateFields(g)
			}
		}
		if r.Err() == nil {
			r.Report(c.setGates(gates, "review_gates"))
		}
	}
	if s, ok := r.OptString("status"); ok {
		if c.status, ok = parseStatus(s); !ok {
			r.Report(malformed("status", "unknown status %q (want one of %s)", s, strings.Join(statusNames[:], ", ")))
		}
	}
	c.grantedBy = readOptString(r, "granted_by")
	c.revokedBy = readOptString(r, "revoked_by")
	c.revokeReason, _ = r.OptString("revoke_reason")
	c.reason, _ = r.OptString("reason")
	c.grantedAt = readOptTime(r, "granted_at")
	c.revokedAt = readOptTime(r, "revoked_at")
	c.terms.expiry = readOptTime(r, "expires_at")
	if created := readOptTime(r, "created_at"); created.ok {
		c.createdAt = created.t
	} else {
		c.createdAt = time.Now().UTC().Truncate(time.Microsecond)
	}
	if meta, ok := r.Object("metadata"); ok {
		c.metadata = metadataFields(meta)
	}
	if bo, ok := r.Object("budget"); ok {
		for d := range Dimension(numDims) {
			scale, integer := 0, true
			switch d {
			case Time:
				scale, integer = 9, false
			case Capital, Entropy:
				scale, integer = 6, false
			}
			if n, ok := numberField(bo, jsonDimNames[d], scale, integer); ok {
				c.terms.budget = c.terms.budget.With(d, n)
			}
		}
	}
	if pats, ok := r.Strings("scoped_handles"); ok {
		c.terms.scope = newScope(pats)
	}
	if r.Err() != nil {
		return Covenant{}, r.Err()
	}
	return c, nil
}

// metadataFields reads the metadata object, each value kept as canonical
// JSON; nil when it is empty.
func metadataFields(o *pyjson.Reader) map[string]json.RawMessage {
	meta := map[string]json.RawMessage{}
	for k, v := range o.All() {
		raw, err := canonicalJSON(v)
		if err != nil {
			o.Fail(k, v, err)
		}
		meta[k] = raw
	}
	if len(meta) == 0 {
		return nil
	}
	return meta
}

// gateFields reads one review gate with kgents' defaults: threshold 1,
// timeout 300.0 and fallback DENY.
func gateFields(o *pyjson.Reader) ReviewGate {
	g := NewGate("")
	if trigger, ok := o.OptString("trigger"); o.Err() == nil && (!ok || trigger == "") {
		o.Report(malformed(o.Field("trigger"), "required, must be a non-empty string"))
	} else {
		g.Trigger = trigger
	}
	g.Description, _ = o.OptString("description")
	if n, ok := numberField(o, "threshold", 0, true); ok {
		if n > int64(^uint32(0)>>1) {
			o.Report(malformed(o.Field("threshold"), "too large: %d", n))
		}
		g.Threshold = int(n)
	}
	if n, ok := numberField(o, "timeout_seconds", 9, false); ok {
		g.Timeout = time.Duration(n)
	}
	if s, ok := o.OptString("fallback"); ok {
		if g.Fallback, ok = parseFallback(s); !ok {
			o.Report(malformed(o.Field("fallback"), "unknown fallback %q (want DENY, ALLOW_LIMITED or ESCALATE)", s))
		}
	}
	if o.Err() == nil {
		o.Report(g.validate(o.Path()))
	}
	return g
}
