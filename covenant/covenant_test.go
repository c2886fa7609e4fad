package covenant_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/covenant"
)

var t0 = time.Date(2025, 12, 20, 10, 0, 0, 0, time.UTC)

func mustPropose(t testing.TB, perms []string, opts ...covenant.Option) covenant.Covenant {
	t.Helper()
	c, err := covenant.Propose(perms, append([]covenant.Option{covenant.WithCreatedAt(t0)}, opts...)...)
	if err != nil {
		t.Fatalf("Propose: %v", err)
	}
	return c
}

func mustGranted(t testing.TB, perms []string, opts ...covenant.Option) covenant.Covenant {
	t.Helper()
	c, err := mustPropose(t, perms, opts...).Grant("kent", t0)
	if err != nil {
		t.Fatalf("Grant: %v", err)
	}
	return c
}

func TestProposeDefaults(t *testing.T) {
	c, err := covenant.Propose([]string{"git_push", "file_read", "file_read"})
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^covenant-[0-9a-f]{12}$`).MatchString(string(c.ID())) {
		t.Errorf("id %q is not covenant- + 12 hex", c.ID())
	}
	if c.Status() != covenant.Proposed {
		t.Errorf("status %v, want PROPOSED", c.Status())
	}
	names, except := c.Permissions()
	if strings.Join(names, ",") != "file_read,git_push" || except {
		t.Errorf("permissions %v except=%v, want the deduplicated set", names, except)
	}
	if time.Since(c.CreatedAt()) > time.Minute || c.CreatedAt().Nanosecond()%1000 != 0 {
		t.Errorf("created_at %v: want now, to the microsecond", c.CreatedAt())
	}
	if _, ok := c.ExpiresAt(); ok {
		t.Error("expires without WithExpiry")
	}
	if !c.Budget().IsUnlimited() {
		t.Error("budget limited without WithBudget")
	}
	if _, restricted := c.Scope(); restricted || !c.CanAccess("anything.at.all") {
		t.Error("handle scope restricted without WithScope")
	}
	if c2, _ := covenant.Propose(nil); c2.ID() == c.ID() {
		t.Error("two proposals share an id")
	}
}

// The transition table of docs/covenant.md (Lifecycle), every (status, transition) pair.
func TestLifecycleTransitions(t *testing.T) {
	base := mustPropose(t, []string{"op"})
	at := t0.Add(time.Hour)
	reach := map[covenant.Status]covenant.Covenant{covenant.Proposed: base}
	reach[covenant.Negotiating], _ = base.Negotiate()
	reach[covenant.Granted], _ = base.Grant("kent", at)
	reach[covenant.Revoked], _ = base.Revoke("kent", "why", at)
	var err error
	if reach[covenant.Expired], err = decode(t, `{"id": "covenant-000000000001", "status": "EXPIRED"}`); err != nil {
		t.Fatal(err)
	}
	type transition struct {
		name string
		do   func(covenant.Covenant) (covenant.Covenant, error)
		ok   map[covenant.Status]bool
		want covenant.Status
	}
	transitions := []transition{
		{"negotiate", func(c covenant.Covenant) (covenant.Covenant, error) { return c.Negotiate() },
			map[covenant.Status]bool{covenant.Proposed: true}, covenant.Negotiating},
		{"grant", func(c covenant.Covenant) (covenant.Covenant, error) { return c.Grant("ana", at) },
			map[covenant.Status]bool{covenant.Proposed: true, covenant.Negotiating: true}, covenant.Granted},
		{"revoke", func(c covenant.Covenant) (covenant.Covenant, error) { return c.Revoke("ana", "done", at) },
			map[covenant.Status]bool{covenant.Proposed: true, covenant.Negotiating: true, covenant.Granted: true}, covenant.Revoked},
	}
	for _, tr := range transitions {
		for from, c := range reach {
			next, err := tr.do(c)
			if !tr.ok[from] {
				want := "Cannot " + tr.name + " from " + from.String()
				if !errors.Is(err, covenant.ErrTransition) || !errors.Is(err, covenant.ErrCovenant) || !strings.Contains(err.Error(), want) {
					t.Errorf("%s from %s: err %v, want ErrTransition %q", tr.name, from, err, want)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s from %s: %v", tr.name, from, err)
				continue
			}
			if next.Status() != tr.want || next.ID() != c.ID() {
				t.Errorf("%s from %s: got %v id %s, want %v with the same id", tr.name, from, next.Status(), next.ID(), tr.want)
			}
			if c.Status() != from {
				t.Errorf("%s mutated its receiver", tr.name)
			}
		}
	}
}

func TestRevokeKeepsGrantInformation(t *testing.T) {
	g := mustGranted(t, []string{"op"})
	r, err := g.Revoke("ana", "done", t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	by, at, ok := r.Granted()
	if !ok || by != "kent" || !at.Equal(t0) {
		t.Errorf("grant info after revoke: %q %v %v", by, at, ok)
	}
	rby, reason, rat, ok := r.Revocation()
	if !ok || rby != "ana" || reason != "done" || !rat.Equal(t0.Add(time.Minute)) {
		t.Errorf("revocation: %q %q %v %v", rby, reason, rat, ok)
	}
	if _, err := r.Grant("kent", t0); !errors.Is(err, covenant.ErrTransition) {
		t.Errorf("REVOKED re-granted: %v", err)
	}
}

func TestAmend(t *testing.T) {
	exp := t0.Add(24 * time.Hour)
	gate := covenant.NewGate("git_push")
	old := mustGranted(t, []string{"git_push"}, covenant.WithExpiry(exp), covenant.WithGates(gate),
		covenant.WithMetadata("team", "core"), covenant.WithBudget(covenant.MinimalBudget()))
	at := t0.Add(time.Hour)
	n, err := old.Amend(at, []string{"file_read"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n.ID() == old.ID() || n.Status() != covenant.Proposed || n.Reason() != "Amendment of "+string(old.ID()) {
		t.Errorf("amend: id %s status %v reason %q", n.ID(), n.Status(), n.Reason())
	}
	if id, ok := n.Amends(); !ok || id != old.ID() {
		t.Errorf("amends = %q %v", id, ok)
	}
	if string(n.Metadata()["team"]) != `"core"` {
		t.Errorf("metadata not kept: %s", n.Metadata())
	}
	if e, ok := n.ExpiresAt(); !ok || !e.Equal(exp) || !n.CreatedAt().Equal(at) {
		t.Errorf("expiry %v created %v", e, n.CreatedAt())
	}
	if _, _, granted := n.Granted(); granted {
		t.Error("amendment carries the old grant")
	}
	if !n.HasPermission("file_read") || n.HasPermission("git_push") {
		t.Error("permissions not replaced")
	}
	if g := n.Gates(); len(g) != 1 || g[0] != gate {
		t.Errorf("nil gates must keep the gates, got %v", g)
	}
	if n.Budget() != old.Budget() {
		t.Error("budget not kept")
	}
	cleared, err := old.Amend(at, nil, []covenant.ReviewGate{})
	if err != nil || len(cleared.Gates()) != 0 || !cleared.HasPermission("git_push") {
		t.Errorf("empty gates must clear, nil permissions keep: %v %v", cleared.Gates(), err)
	}
	if _, err := old.Amend(at, nil, []covenant.ReviewGate{gate, gate}); !errors.Is(err, covenant.ErrDuplicateGate) {
		t.Errorf("amend with duplicate gates: %v", err)
	}
	if _, err := old.Revoke("k", "", at); err != nil {
		t.Fatal(err)
	}
	if _, ok := old.Metadata()["amends"]; ok {
		t.Error("amend wrote into the old covenant's metadata")
	}
}

func TestDuplicateGateTriggersRejected(t *testing.T) {
	_, err := covenant.Propose([]string{"git_push"},
		covenant.WithGates(covenant.NewGate("git_push"), covenant.NewGate("file_read"), covenant.NewGate("git_push")))
	var ce *covenant.Error
	if !errors.Is(err, covenant.ErrDuplicateGate) || !errors.Is(err, covenant.ErrInvalid) || !errors.As(err, &ce) {
		t.Fatalf("err %v, want ErrDuplicateGate", err)
	}
	if ce.Field() != "review_gates[2].trigger" || ce.Op() != "git_push" || !strings.Contains(err.Error(), "review_gates[0]") {
		t.Errorf("error %q (field %q) should name both places", err, ce.Field())
	}
}

func TestInvalidGatesRejected(t *testing.T) {
	for _, tc := range []struct {
		gate  covenant.ReviewGate
		kind  error
		field string
	}{
		{covenant.ReviewGate{}, covenant.ErrInvalid, "review_gates[0].trigger"},
		{covenant.ReviewGate{Trigger: "x", Threshold: -1}, covenant.ErrNegative, "review_gates[0].threshold"},
		{covenant.ReviewGate{Trigger: "x", Timeout: -time.Second}, covenant.ErrNegative, "review_gates[0].timeout_seconds"},
		{covenant.ReviewGate{Trigger: "x", Fallback: 9}, covenant.ErrInvalid, "review_gates[0].fallback"},
	} {
		_, err := covenant.Propose(nil, covenant.WithGates(tc.gate))
		var ce *covenant.Error
		if !errors.Is(err, tc.kind) || !errors.As(err, &ce) || ce.Field() != tc.field {
			t.Errorf("%+v: err %v, want %v at %s", tc.gate, err, tc.kind, tc.field)
		}
	}
}

func TestCheckActiveOrder(t *testing.T) {
	exp := t0.Add(time.Hour)
	c := mustPropose(t, []string{"op"}, covenant.WithExpiry(exp))
	// Not granted beats expired.
	if err := c.CheckActive(exp.Add(time.Hour)); !errors.Is(err, covenant.ErrNotGranted) {
		t.Errorf("proposed: %v", err)
	}
	g, _ := c.Grant("kent", t0)
	if err := g.CheckActive(exp); err != nil {
		t.Errorf("at exactly expires_at the covenant is still active: %v", err)
	}
	err := g.CheckActive(exp.Add(time.Microsecond))
	if !errors.Is(err, covenant.ErrExpired) || errors.Is(err, covenant.ErrNotGranted) || !errors.Is(err, covenant.ErrCovenant) {
		t.Errorf("expired: %v, want ErrExpired and not ErrNotGranted", err)
	}
	r, _ := g.Revoke("kent", "compromised", t0)
	err = r.CheckActive(t0)
	if !errors.Is(err, covenant.ErrRevoked) || !strings.Contains(err.Error(), "compromised") {
		t.Errorf("revoked: %v, want ErrRevoked with the reason", err)
	}
	err = g.CheckPermission("other", t0)
	if !errors.Is(err, covenant.ErrNotPermitted) || !errors.Is(err, covenant.ErrNotGranted) ||
		!strings.Contains(err.Error(), `"other"`) || !strings.Contains(err.Error(), "{op}") {
		t.Errorf("missing permission: %v, want ErrNotPermitted naming the op and the allowed set", err)
	}
	if g.CheckPermission("op", t0) != nil || !g.IsActive(t0) {
		t.Error("granted covenant denies its own permission")
	}
}

func TestHandleScopes(t *testing.T) {
	c := mustPropose(t, nil, covenant.WithScope("time.*", "self*", "world.house"))
	for h, want := range map[string]bool{
		"time.now": true, "time": false, "timeline": false,
		"self": true, "selfie.x": true, "sel": false,
		"world.house": true, "world.house.door": false, "world": false,
	} {
		if got := c.CanAccess(h); got != want {
			t.Errorf("CanAccess(%q) = %v, want %v", h, got, want)
		}
	}
	none := mustPropose(t, nil, covenant.WithScope())
	if none.CanAccess("time.now") {
		t.Error("an empty scope must deny everything")
	}
	pats, restricted := mustPropose(t, nil, covenant.WithScope("a.*", "a.b", "a.b.*", "b*", "b.c")).Scope()
	if !restricted || strings.Join(pats, " ") != "a.* b*" {
		t.Errorf("scope not reduced to its covering patterns: %v", pats)
	}
}

func TestErrorKindsHierarchy(t *testing.T) {
	leaves := map[error][]error{
		covenant.ErrNotPermitted:  {covenant.ErrNotGranted, covenant.ErrCovenant},
		covenant.ErrGateTimedOut:  {covenant.ErrGateTriggered, covenant.ErrCovenant},
		covenant.ErrGateEscalated: {covenant.ErrGateTriggered, covenant.ErrCovenant},
		covenant.ErrExceedsHold:   {covenant.ErrBudgetExceeded, covenant.ErrCovenant},
		covenant.ErrHoldExpired:   {covenant.ErrHold, covenant.ErrCovenant},
		covenant.ErrDuplicateGate: {covenant.ErrInvalid, covenant.ErrCovenant},
		covenant.ErrMalformed:     {covenant.ErrInvalid, covenant.ErrCovenant},
	}
	for leaf, ancestors := range leaves {
		for _, a := range ancestors {
			if !errors.Is(leaf, a) {
				t.Errorf("%v is not %v", leaf, a)
			}
		}
	}
	if errors.Is(covenant.ErrExpired, covenant.ErrNotGranted) || errors.Is(covenant.ErrNotGranted, covenant.ErrNotPermitted) {
		t.Error("a kind matches a sibling or a descendant")
	}
}

func TestTimesOutsidePythonRangeRejected(t *testing.T) {
	if _, err := covenant.Propose(nil, covenant.WithExpiry(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))); !errors.Is(err, covenant.ErrInvalid) {
		t.Errorf("year 10000: %v", err)
	}
	if _, err := mustPropose(t, nil).Grant("k", time.Time{}.Add(-time.Hour)); !errors.Is(err, covenant.ErrInvalid) {
		t.Errorf("year 0: %v", err)
	}
}
