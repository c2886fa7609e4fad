package covenant_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/covenant"
	"github.com/kgents/kgents-core/trace"
)

func decode(t testing.TB, s string) (covenant.Covenant, error) {
	t.Helper()
	var c covenant.Covenant
	err := c.UnmarshalJSON([]byte(s))
	return c, err
}

func compact(t testing.TB, b []byte) string {
	t.Helper()
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		t.Fatalf("compact %s: %v", b, err)
	}
	return out.String()
}

// The example of docs/covenant.md (Serialisation), as Python's to_dict writes it.
const pythonExample = `{"id": "covenant-7c1d2e3f4a5b", "permissions": ["file_read", "git_push"],
 "review_gates": [{"trigger": "git_push", "description": "Review pushes", "threshold": 3,
                   "timeout_seconds": 300.0, "fallback": "DENY"}],
 "status": "GRANTED", "granted_by": "kent", "granted_at": "2025-12-20T10:00:00.000001",
 "revoked_by": null, "revoked_at": null, "revoke_reason": "",
 "created_at": "2025-12-20T09:59:00", "expires_at": null,
 "reason": "Implement TraceNode", "metadata": {}}`

func TestJSONPythonExampleRoundTrips(t *testing.T) {
	c, err := decode(t, pythonExample)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID() != "covenant-7c1d2e3f4a5b" || c.Status() != covenant.Granted || c.Reason() != "Implement TraceNode" {
		t.Errorf("decoded %v", c)
	}
	by, at, ok := c.Granted()
	if !ok || by != "kent" || !at.Equal(time.Date(2025, 12, 20, 10, 0, 0, 1000, time.UTC)) {
		t.Errorf("granted %q %v %v", by, at, ok)
	}
	if !c.CreatedAt().Equal(time.Date(2025, 12, 20, 9, 59, 0, 0, time.UTC)) {
		t.Errorf("created_at %v", c.CreatedAt())
	}
	g, ok := c.Gate("git_push")
	want := covenant.ReviewGate{Trigger: "git_push", Description: "Review pushes", Threshold: 3, Timeout: 300 * time.Second}
	if !ok || g != want {
		t.Errorf("gate %+v, want %+v", g, want)
	}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	// Same keys, same order, same values: Python reads back what it wrote.
	if got, want := compact(t, out), compact(t, []byte(pythonExample)); got != want {
		t.Errorf("re-encoded\n got %s\nwant %s", got, want)
	}
}

func TestJSONDefaultsOfFromDict(t *testing.T) {
	c, err := decode(t, `{"id": "covenant-1", "review_gates": [{"trigger": "x"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status() != covenant.Proposed || time.Since(c.CreatedAt()) > time.Minute {
		t.Errorf("status %v created %v: want PROPOSED, now", c.Status(), c.CreatedAt())
	}
	if g, _ := c.Gate("x"); g != covenant.NewGate("x") {
		t.Errorf("gate defaults %+v, want threshold 1, 300 s, DENY", g)
	}
}

func TestJSONExtensionsOnlyWhenUsed(t *testing.T) {
	plain := mustPropose(t, []string{"a"})
	out, _ := json.Marshal(plain)
	for _, key := range []string{"budget", "scoped_handles", "all_permissions_except"} {
		if bytes.Contains(out, []byte(key)) {
			t.Errorf("plain covenant writes %q: %s", key, out)
		}
	}
	rich := mustPropose(t, []string{"a"}, covenant.WithScope("time.*", "x"),
		covenant.WithBudget(covenant.Unlimited().With(covenant.Tokens, 1000).With(covenant.Time, int64(1500*time.Millisecond)).
			With(covenant.Capital, 2_500_000)),
		covenant.WithExpiry(time.Date(2026, 1, 2, 3, 4, 5, 600_000, time.UTC)))
	out, _ = json.Marshal(rich)
	for _, frag := range []string{
		`"budget":{"tokens":1000,"time_seconds":1.5,"operations":null,"capital":2.5,"entropy":null}`,
		`"scoped_handles":["time.*","x"]`,
		`"expires_at":"2026-01-02T03:04:05.000600"`,
	} {
		if !bytes.Contains(out, []byte(frag)) {
			t.Errorf("missing %s in %s", frag, out)
		}
	}
	back, err := decode(t, string(out))
	if err != nil || !back.Equal(rich) {
		t.Errorf("round trip: %v\n got %v\nwant %v", err, back, rich)
	}
}

func TestJSONAllPermissionsExcept(t *testing.T) {
	c, err := decode(t, `{"id": "c", "permissions": [], "all_permissions_except": ["rm"]}`)
	if err != nil {
		t.Fatal(err)
	}
	if !c.HasPermission("anything") || c.HasPermission("rm") {
		t.Error("cofinite permissions misread")
	}
	out, _ := json.Marshal(c)
	if !bytes.Contains(out, []byte(`"permissions":[],`)) || !bytes.Contains(out, []byte(`"all_permissions_except":["rm"]`)) {
		t.Errorf("encoded %s", out)
	}
	// Python ignores the extension and sees no permission: safe.
	if _, err := decode(t, `{"id": "c", "permissions": ["x"], "all_permissions_except": ["rm"]}`); !errors.Is(err, covenant.ErrMalformed) {
		t.Errorf("both permissions and all_permissions_except: %v", err)
	}
}

func TestJSONTimestamps(t *testing.T) {
	for in, want := range map[string]time.Time{
		"2025-12-20T10:00:00":                 time.Date(2025, 12, 20, 10, 0, 0, 0, time.UTC),
		"2025-12-20T10:00:00.5":               time.Date(2025, 12, 20, 10, 0, 0, 500_000_000, time.UTC),
		"2025-12-20 10:00:00.000001":          time.Date(2025, 12, 20, 10, 0, 0, 1000, time.UTC),
		"2025-12-20T10:00:00.0000019":         time.Date(2025, 12, 20, 10, 0, 0, 1000, time.UTC),
		"2025-12-20T12:00:00+02:00":           time.Date(2025, 12, 20, 10, 0, 0, 0, time.UTC),
		"2025-12-20T10:00:00Z":                time.Date(2025, 12, 20, 10, 0, 0, 0, time.UTC),
		"0001-01-01T00:00:00":                 time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		"9999-12-31T23:59:59.999999":          time.Date(9999, 12, 31, 23, 59, 59, 999_999_000, time.UTC),
		"2025-12-20T10:00:00.123456789-00:00": time.Date(2025, 12, 20, 10, 0, 0, 123_456_000, time.UTC),
	} {
		c, err := decode(t, `{"id": "c", "expires_at": "`+in+`"}`)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got, ok := c.ExpiresAt(); !ok || !got.Equal(want) {
			t.Errorf("%s: got %v, want %v", in, got, want)
		}
	}
	// An expiry at year 1 is an expiry, not "never expires".
	c, _ := decode(t, `{"id": "c", "status": "GRANTED", "expires_at": "0001-01-01T00:00:00"}`)
	if c.IsActive(t0) {
		t.Error("expiry at 0001-01-01 read as no expiry")
	}
}

func TestJSONErrorsNameThePlace(t *testing.T) {
	for _, tc := range []struct {
		in    string
		kind  error
		field string
	}{
		{`[1]`, covenant.ErrMalformed, "covenant"},
		{`{"id": 1}`, covenant.ErrMalformed, "id"},
		{`{"permissions": []}`, covenant.ErrMalformed, "id"},
		{`{"id": ""}`, covenant.ErrMalformed, "id"},
		{`{"id": "c", "permissions": "x"}`, covenant.ErrMalformed, "permissions"},
		{`{"id": "c", "permissions": ["a", 2]}`, covenant.ErrMalformed, "permissions[1]"},
		{`{"id": "c", "status": "ACTIVE"}`, covenant.ErrMalformed, "status"},
		{`{"id": "c", "granted_at": "yesterday"}`, covenant.ErrMalformed, "granted_at"},
		{`{"id": "c", "expires_at": 5}`, covenant.ErrMalformed, "expires_at"},
		{`{"id": "c", "metadata": []}`, covenant.ErrMalformed, "metadata"},
		{`{"id": "c", "review_gates": {}}`, covenant.ErrMalformed, "review_gates"},
		{`{"id": "c", "review_gates": [{"trigger": "a"}, 3]}`, covenant.ErrMalformed, "review_gates[1]"},
		{`{"id": "c", "review_gates": [{"description": "d"}]}`, covenant.ErrMalformed, "review_gates[0].trigger"},
		{`{"id": "c", "review_gates": [{"trigger": "a", "threshold": "3"}]}`, covenant.ErrMalformed, "review_gates[0].threshold"},
		{`{"id": "c", "review_gates": [{"trigger": "a", "threshold": 1.5}]}`, covenant.ErrMalformed, "review_gates[0].threshold"},
		{`{"id": "c", "review_gates": [{"trigger": "a", "threshold": -1}]}`, covenant.ErrNegative, "review_gates[0].threshold"},
		{`{"id": "c", "review_gates": [{"trigger": "a", "timeout_seconds": -0.5}]}`, covenant.ErrNegative, "review_gates[0].timeout_seconds"},
		{`{"id": "c", "review_gates": [{"trigger": "a", "timeout_seconds": 1e400}]}`, covenant.ErrMalformed, "review_gates[0].timeout_seconds"},
		{`{"id": "c", "review_gates": [{"trigger": "a", "fallback": "ALLOW"}]}`, covenant.ErrMalformed, "review_gates[0].fallback"},
		{`{"id": "c", "review_gates": [{"trigger": "a"}, {"trigger": "a"}]}`, covenant.ErrDuplicateGate, "review_gates[1].trigger"},
		{`{"id": "c", "budget": 5}`, covenant.ErrMalformed, "budget"},
		{`{"id": "c", "budget": {"tokens": 1.5}}`, covenant.ErrMalformed, "budget.tokens"},
		{`{"id": "c", "budget": {"capital": -2}}`, covenant.ErrNegative, "budget.capital"},
		{`{"id": "c", "budget": {"time_seconds": "1"}}`, covenant.ErrMalformed, "budget.time_seconds"},
		{`{"id": "c", "scoped_handles": [null]}`, covenant.ErrMalformed, "scoped_handles[0]"},
		{`{"id": "c"`, covenant.ErrMalformed, "covenant"},
	} {
		_, err := decode(t, tc.in)
		var ce *covenant.Error
		if !errors.Is(err, tc.kind) || !errors.Is(err, covenant.ErrInvalid) || !errors.As(err, &ce) || ce.Field() != tc.field {
			field := ""
			if ce != nil {
				field = ce.Field()
			}
			t.Errorf("%s: err %v (field %q), want %v at %q", tc.in, err, field, tc.kind, tc.field)
			continue
		}
		if !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: message %q does not name %q", tc.in, err, tc.field)
		}
	}
}

func TestJSONNumbersExact(t *testing.T) {
	c, err := decode(t, `{"id": "c", "budget": {"time_seconds": 0.1, "capital": 1e-6, "entropy": 12.3456789, "tokens": 7},
		"review_gates": [{"trigger": "a", "timeout_seconds": 2.5e2}]}`)
	if err != nil {
		t.Fatal(err)
	}
	b := c.Budget()
	for d, want := range map[covenant.Dimension]int64{covenant.Time: 100_000_000, covenant.Capital: 1, covenant.Entropy: 12_345_678, covenant.Tokens: 7} {
		if got, ok := b.Limit(d); !ok || got != want {
			t.Errorf("%v = %d, want %d (exact, truncated below the unit)", d, got, want)
		}
	}
	if _, ok := b.Limit(covenant.Operations); ok {
		t.Error("absent operations limit read as bounded")
	}
	if g, _ := c.Gate("a"); g.Timeout != 250*time.Second {
		t.Errorf("timeout %v", g.Timeout)
	}
}

func TestJSONZeroCovenantDoesNotEncode(t *testing.T) {
	if _, err := json.Marshal(covenant.Covenant{}); err == nil {
		t.Error("zero Covenant encoded")
	}
}

func TestJSONUnknownKeysIgnored(t *testing.T) {
	c, err := decode(t, `{"id": "c", "degradation_tiers": [1, 2], "permissions": ["a"]}`)
	if err != nil || !c.HasPermission("a") {
		t.Errorf("unknown key: %v", err)
	}
}

// FuzzUnmarshalJSON: any input either fails with an ErrInvalid-family
// *Error, or decodes to a covenant whose encoding is a fixed point.
func FuzzUnmarshalJSON(f *testing.F) {
	f.Add([]byte(pythonExample))
	f.Add([]byte(`{"id": "c", "budget": {"tokens": 1, "time_seconds": 0.5, "capital": 1e-3}, "scoped_handles": ["a.*", "b*", "c"]}`))
	f.Add([]byte(`{"id": "c", "permissions": [], "all_permissions_except": ["x"], "metadata": {"amends": "covenant-1", "n": [1, {"a": null}]}}`))
	f.Add([]byte(`{"id": "c", "review_gates": [{"trigger": "a", "threshold": 0, "timeout_seconds": 0, "fallback": "ALLOW_LIMITED"}, {"trigger": "b", "fallback": "ESCALATE"}]}`))
	f.Add([]byte(`{"id": "c", "status": "REVOKED", "revoked_by": null, "revoked_at": "2025-01-01T00:00:00+05:00"}`))
	f.Add([]byte(`{"id": "c", "review_gates": [{"trigger": "a"}, {"trigger": "a"}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c covenant.Covenant
		err := c.UnmarshalJSON(data)
		if err != nil {
			var ce *covenant.Error
			if !errors.As(err, &ce) || !errors.Is(err, covenant.ErrInvalid) {
				t.Fatalf("error %v (%T) is not an ErrInvalid *covenant.Error", err, err)
			}
			return
		}
		out, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("decoded covenant does not encode: %v", err)
		}
		var back covenant.Covenant
		if err := back.UnmarshalJSON(out); err != nil {
			t.Fatalf("re-decode of %s: %v", out, err)
		}
		if !back.Equal(c) {
			t.Fatalf("round trip changed the covenant\n  in %s\n out %s", data, out)
		}
		again, _ := json.Marshal(back)
		if !bytes.Equal(again, out) {
			t.Fatalf("encoding not stable:\n%s\n%s", out, again)
		}
	})
}

// The covenant and trace parsers read the same timestamp forms to the same
// instant, and refuse the same ones with the same reason.
func TestJSONTimestampFormsMatchTrace(t *testing.T) {
	for _, in := range []string{
		"2025-12-20T10:00:00", "2025-12-20 10:00:00", "2025-12-20T10:00:00Z", "2025-12-20T10:00:00+00:00",
		"2025-12-20T12:30:00.5+02:30", "2025-12-20T10:00:00.1234567",
		"2025-12-20", "2025-12-20T10:00", "10:00:00", "2025-12-20T10:00:00 Z", "2025-12-20t10:00:00", "",
	} {
		c, cerr := decode(t, `{"id": "c", "expires_at": "`+in+`"}`)
		n, terr := trace.ParseNode([]byte(`{"id": "n", "timestamp": "` + in + `"}`))
		if (cerr == nil) != (terr == nil) {
			t.Errorf("%q: covenant says %v, trace says %v", in, cerr, terr)
			continue
		}
		if cerr != nil {
			const reason = `with "T" or a space between date and time`
			if !strings.Contains(cerr.Error(), reason) || !strings.Contains(terr.Error(), reason) {
				t.Errorf("%q: reasons differ: covenant %q, trace %q", in, cerr, terr)
			}
			continue
		}
		if at, _ := c.ExpiresAt(); !at.Equal(n.Timestamp()) {
			t.Errorf("%q: covenant reads %v, trace reads %v", in, at, n.Timestamp())
		}
	}
}

func TestJSONSyntaxErrorsHaveAPlace(t *testing.T) {
	for in, place := range map[string]string{"": "line 1 column 1", "{\n  \"id\": \"c\",\n  x": "line 3 column 3", `{"id": NaN}`: "line 1 column 8"} {
		_, err := decode(t, in)
		if !errors.Is(err, covenant.ErrMalformed) || !strings.Contains(err.Error(), place) {
			t.Errorf("%q: %v, want ErrMalformed at %s", in, err, place)
		}
	}
}
