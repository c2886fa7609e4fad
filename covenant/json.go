package covenant

import (
	"bytes"
	"encoding/json"
	"fmt"
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
	var b bytes.Buffer
	field := func(name string) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		writeString(&b, name)
		b.WriteByte(':')
	}
	b.WriteByte('{')
	field("id")
	writeString(&b, string(c.id))
	field("permissions")
	if c.terms.perms.cofinite {
		b.WriteString("[]")
	} else {
		writeStrings(&b, c.terms.perms.names)
	}
	field("review_gates")
	b.WriteByte('[')
	for i, g := range c.gates {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"trigger":%s,"description":%s,"threshold":%d,"timeout_seconds":%s,"fallback":"%s"}`,
			quote(g.Trigger), quote(g.Description), g.Threshold, formatFixed(int64(g.Timeout), 9, true), g.Fallback)
	}
	b.WriteByte(']')
	field("status")
	writeString(&b, c.status.String())
	field("granted_by")
	writeNullableString(&b, c.grantedBy)
	field("granted_at")
	writeTime(&b, c.grantedAt)
	field("revoked_by")
	writeNullableString(&b, c.revokedBy)
	field("revoked_at")
	writeTime(&b, c.revokedAt)
	field("revoke_reason")
	writeString(&b, c.revokeReason)
	field("created_at")
	writeTime(&b, someTime(c.createdAt))
	field("expires_at")
	writeTime(&b, c.terms.expiry)
	field("reason")
	writeString(&b, c.reason)
	field("metadata")
	b.WriteByte('{')
	for i, k := range slices.Sorted(mapKeys(c.metadata)) {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(&b, k)
		b.WriteByte(':')
		b.Write(c.metadata[k])
	}
	b.WriteByte('}')
	if !c.terms.budget.IsUnlimited() {
		field("budget")
		b.WriteByte('{')
		for i, d := range []Dimension{Tokens, Time, Operations, Capital, Entropy} {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(&b, jsonDimNames[d])
			b.WriteByte(':')
			n, ok := c.terms.budget.Limit(d)
			switch {
			case !ok:
				b.WriteString("null")
			case d == Time:
				b.WriteString(formatFixed(n, 9, true))
			case d == Capital || d == Entropy:
				b.WriteString(formatFixed(n, 6, true))
			default:
				b.WriteString(strconv.FormatInt(n, 10))
			}
		}
		b.WriteByte('}')
	}
	if c.terms.scope.restricted {
		field("scoped_handles")
		writeStrings(&b, c.terms.scope.patterns())
	}
	if c.terms.perms.cofinite {
		field("all_permissions_except")
		writeStrings(&b, c.terms.perms.names)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func mapKeys(m map[string]json.RawMessage) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func quote(s string) string {
	out, _ := json.Marshal(s) // a string always marshals
	return string(out)
}

func writeString(b *bytes.Buffer, s string) { b.WriteString(quote(s)) }

func writeStrings(b *bytes.Buffer, ss []string) {
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, s)
	}
	b.WriteByte(']')
}

func writeNullableString(b *bytes.Buffer, s optString) {
	if !s.ok {
		b.WriteString("null")
		return
	}
	writeString(b, s.s)
}

func writeTime(b *bytes.Buffer, t optTime) {
	if !t.ok {
		b.WriteString("null")
		return
	}
	b.WriteByte('"')
	b.WriteString(formatISO(t.t))
	b.WriteByte('"')
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
