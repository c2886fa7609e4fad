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

// parseISO reads an ISO 8601 timestamp as the trace package does: naive
// (read as UTC) or with an offset, 'T' or ' ' between date and time, any
// fraction (truncated to microseconds).
func parseISO(s string) (time.Time, error) { return pyjson.ParseTimestamp(s) }

// formatFixed renders n / 10^scale exactly in decimal. With pyFloat an
// integral value gets ".0", as Python prints a float.
func formatFixed(n int64, scale int, pyFloat bool) string {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = -u
	}
	pow := uint64(1)
	for range scale {
		pow *= 10
	}
	s := strconv.FormatUint(u/pow, 10)
	frac := strconv.FormatUint(u%pow, 10)
	frac = strings.Repeat("0", scale-len(frac)) + frac
	frac = strings.TrimRight(frac, "0")
	switch {
	case frac != "":
		s += "." + frac
	case pyFloat:
		s += ".0"
	}
	if neg {
		s = "-" + s
	}
	return s
}

// parseFixed reads a JSON number literal as an integer count of
// 10^-scale units, exactly, truncating digits finer than the unit.
func parseFixed(lit string, scale int) (int64, error) {
	s := lit
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil || e > 1000 || e < -1000 {
			return 0, fmt.Errorf("number %s out of range", lit)
		}
		mant, exp = s[:i], e
	}
	intPart, fracPart, _ := strings.Cut(mant, ".")
	if intPart == "" || !allDigits(intPart) || !allDigits(fracPart) || (strings.Contains(mant, ".") && fracPart == "") {
		return 0, fmt.Errorf("not a number: %q", lit)
	}
	digits := intPart + fracPart
	k := len(intPart) + exp + scale // how many leading digits are whole units
	switch {
	case k <= 0:
		digits = "0"
	case k >= len(digits):
		digits += strings.Repeat("0", k-len(digits))
	default:
		digits = digits[:k]
	}
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("number %s out of range", lit)
	}
	if neg {
		n = -n
	}
	return n, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
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
func canonicalJSON(raw []byte) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

func malformed(field, format string, args ...any) *Error {
	return invalidf(errMalformed, field, format, args...)
}

type object map[string]json.RawMessage

func decodeObject(data []byte, field string) (object, error) {
	var o object
	if err := json.Unmarshal(data, &o); err != nil || o == nil {
		if err != nil {
			if loc := pyjson.Locate(data, err); loc != nil {
				return nil, &Error{kind: errMalformed, info: &errInfo{field: field, err: loc}}
			}
		}
		return nil, malformed(field, "want an object, got %s", describeJSON(data))
	}
	return o, nil
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

func isNull(raw json.RawMessage) bool {
	return raw == nil || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// str reads an optional string; absent and null give "", false.
func (o object) str(key, field string) (string, bool, error) {
	raw, ok := o[key]
	if !ok || isNull(raw) {
		return "", false, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false, malformed(field, "want a string, got %s", describeJSON(raw))
	}
	return s, true, nil
}

func (o object) strings(key, field string) ([]string, bool, error) {
	raw, ok := o[key]
	if !ok || isNull(raw) {
		return nil, false, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, false, malformed(field, "want a list of strings, got %s", describeJSON(raw))
	}
	out := make([]string, len(items))
	for i, it := range items {
		if err := json.Unmarshal(it, &out[i]); err != nil || isNull(it) {
			return nil, false, malformed(fmt.Sprintf("%s[%d]", field, i), "want a string, got %s", describeJSON(it))
		}
	}
	return out, true, nil
}

func (o object) time(key, field string) (optTime, error) {
	s, ok, err := o.str(key, field)
	if err != nil || !ok {
		return optTime{}, err
	}
	t, err := parseISO(s)
	if err != nil {
		return optTime{}, &Error{kind: errMalformed, info: &errInfo{field: field, err: err}}
	}
	return someTime(t), nil
}

// number reads an optional non-negative number as a count of 10^-scale
// units; integer demands an integer literal.
func (o object) number(key, field string, scale int, integer bool) (int64, bool, error) {
	raw, ok := o[key]
	if !ok || isNull(raw) {
		return 0, false, nil
	}
	var num json.Number
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if first := bytes.TrimSpace(raw)[0]; first == '"' || dec.Decode(&num) != nil {
		return 0, false, malformed(field, "want a number, got %s", describeJSON(raw))
	}
	lit := num.String()
	if integer && strings.ContainsAny(lit, ".eE") {
		return 0, false, malformed(field, "want an integer, got %s", lit)
	}
	n, err := parseFixed(lit, scale)
	if err != nil {
		return 0, false, &Error{kind: errMalformed, info: &errInfo{field: field, err: err}}
	}
	mantissa, _, _ := strings.Cut(strings.ToLower(lit), "e")
	if n < 0 || strings.HasPrefix(lit, "-") && strings.ContainsAny(mantissa, "123456789") {
		return 0, false, invalidf(errNegative, field, "must be >= 0, got %s", lit)
	}
	return n, true, nil
}

func decodeCovenant(data []byte) (Covenant, error) {
	o, err := decodeObject(data, "covenant")
	if err != nil {
		return Covenant{}, err
	}
	var c Covenant
	id, ok, err := o.str("id", "id")
	if err != nil {
		return Covenant{}, err
	}
	if !ok || id == "" {
		return Covenant{}, malformed("id", "required, must be a non-empty string")
	}
	c.id = ID(id)

	perms, _, err := o.strings("permissions", "permissions")
	if err != nil {
		return Covenant{}, err
	}
	c.terms.perms = newPermSet(perms)
	if except, ok, err := o.strings("all_permissions_except", "all_permissions_except"); err != nil {
		return Covenant{}, err
	} else if ok {
		if len(perms) > 0 {
			return Covenant{}, malformed("permissions", "must be empty when all_permissions_except is present")
		}
		c.terms.perms = newPermSet(except)
		c.terms.perms.cofinite = true
	}

	if raw, ok := o["review_gates"]; ok && !isNull(raw) {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return Covenant{}, malformed("review_gates", "want a list of gates, got %s", describeJSON(raw))
		}
		gates := make([]ReviewGate, len(items))
		for i, it := range items {
			if gates[i], err = decodeGate(it, fmt.Sprintf("review_gates[%d]", i)); err != nil {
				return Covenant{}, err
			}
		}
		if err := c.setGates(gates, "review_gates"); err != nil {
			return Covenant{}, err
		}
	}

	if s, ok, err := o.str("status", "status"); err != nil {
		return Covenant{}, err
	} else if ok {
		if c.status, ok = parseStatus(s); !ok {
			return Covenant{}, malformed("status", "unknown status %q (want one of %s)", s, strings.Join(statusNames[:], ", "))
		}
	}
	for _, f := range []struct {
		key string
		dst *optString
	}{{"granted_by", &c.grantedBy}, {"revoked_by", &c.revokedBy}} {
		if f.dst.s, f.dst.ok, err = o.str(f.key, f.key); err != nil {
			return Covenant{}, err
		}
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{"revoke_reason", &c.revokeReason}, {"reason", &c.reason}} {
		if *f.dst, _, err = o.str(f.key, f.key); err != nil {
			return Covenant{}, err
		}
	}
	times := []struct {
		key string
		dst *optTime
	}{{"granted_at", &c.grantedAt}, {"revoked_at", &c.revokedAt}, {"expires_at", &c.terms.expiry}}
	for _, f := range times {
		if *f.dst, err = o.time(f.key, f.key); err != nil {
			return Covenant{}, err
		}
	}
	created, err := o.time("created_at", "created_at")
	if err != nil {
		return Covenant{}, err
	}
	c.createdAt = created.t
	if !created.ok {
		c.createdAt = time.Now().UTC().Truncate(time.Microsecond)
	}

	if raw, ok := o["metadata"]; ok && !isNull(raw) {
		meta, err := decodeObject(raw, "metadata")
		if err != nil {
			return Covenant{}, err
		}
		for k, v := range meta {
			if meta[k], err = canonicalJSON(v); err != nil {
				return Covenant{}, &Error{kind: errMalformed, info: &errInfo{field: "metadata." + k, err: err}}
			}
		}
		if len(meta) > 0 {
			c.metadata = meta
		}
	}

	if raw, ok := o["budget"]; ok && !isNull(raw) {
		bo, err := decodeObject(raw, "budget")
		if err != nil {
			return Covenant{}, err
		}
		for d := range Dimension(numDims) {
			scale, integer := 0, true
			switch d {
			case Time:
				scale, integer = 9, false
			case Capital, Entropy:
				scale, integer = 6, false
			}
			key := jsonDimNames[d]
			n, ok, err := bo.number(key, "budget."+key, scale, integer)
			if err != nil {
				return Covenant{}, err
			}
			if ok {
				c.terms.budget = c.terms.budget.With(d, n)
			}
		}
	}

	if pats, ok, err := o.strings("scoped_handles", "scoped_handles"); err != nil {
		return Covenant{}, err
	} else if ok {
		c.terms.scope = newScope(pats)
	}
	return c, nil
}

func decodeGate(raw json.RawMessage, field string) (ReviewGate, error) {
	o, err := decodeObject(raw, field)
	if err != nil {
		return ReviewGate{}, err
	}
	g := NewGate("")
	trigger, ok, err := o.str("trigger", field+".trigger")
	if err != nil {
		return ReviewGate{}, err
	}
	if !ok || trigger == "" {
		return ReviewGate{}, malformed(field+".trigger", "required, must be a non-empty string")
	}
	g.Trigger = trigger
	if g.Description, _, err = o.str("description", field+".description"); err != nil {
		return ReviewGate{}, err
	}
	if n, ok, err := o.number("threshold", field+".threshold", 0, true); err != nil {
		return ReviewGate{}, err
	} else if ok {
		if n > int64(^uint32(0)>>1) {
			return ReviewGate{}, malformed(field+".threshold", "too large: %d", n)
		}
		g.Threshold = int(n)
	}
	if n, ok, err := o.number("timeout_seconds", field+".timeout_seconds", 9, false); err != nil {
		return ReviewGate{}, err
	} else if ok {
		g.Timeout = time.Duration(n)
	}
	if s, ok, err := o.str("fallback", field+".fallback"); err != nil {
		return ReviewGate{}, err
	} else if ok {
		if g.Fallback, ok = parseFallback(s); !ok {
			return ReviewGate{}, malformed(field+".fallback", "unknown fallback %q (want DENY, ALLOW_LIMITED or ESCALATE)", s)
		}
	}
	return g, g.validate(field)
}
