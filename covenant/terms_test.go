package covenant_test

import (
	"errors"
	"testing"
	"time"

	"github.com/kgents/kgents-core/covenant"
	"github.com/kgents/kgents-core/covenant/covenantlaws"
	"github.com/kgents/kgents-core/generators"
	"pgregory.net/rapid"
)

func attenuate(t testing.TB, base covenant.Terms, as ...covenant.Attenuation) covenant.Terms {
	t.Helper()
	out, err := base.Attenuate(as...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTopAllowsEverythingBottomNothing(t *testing.T) {
	r := covenant.Request{Op: "anything", Handle: "any.handle", At: t0, Spend: covenant.Amounts{Tokens: 1 << 40}}
	if !covenant.Allows(covenant.Top(), r) {
		t.Error("Top denies")
	}
	if covenant.Allows(covenant.Bottom(), r) || covenant.Allows(covenant.Terms{}, r) {
		t.Error("Bottom (or the zero Terms) allows")
	}
	if !covenant.Bottom().Equal(covenant.Terms{}) {
		t.Error("the zero Terms is not Bottom")
	}
}

func TestMeetOfEachFactor(t *testing.T) {
	a := attenuate(t, covenant.Top(), covenant.Only("read", "push", "rm"), covenant.OnlyHandles("time.*", "self*"),
		covenant.CapBudget(covenant.Unlimited().With(covenant.Tokens, 100)), covenant.ExpireBy(t0.Add(time.Hour)))
	b := attenuate(t, covenant.Top(), covenant.Without("rm"), covenant.OnlyHandles("time.now", "selfie.*", "other"),
		covenant.CapBudget(covenant.Unlimited().With(covenant.Tokens, 500).With(covenant.Operations, 3)), covenant.ExpireBy(t0.Add(time.Minute)))
	m := covenant.Meet(a, b)
	want := attenuate(t, covenant.Top(), covenant.Only("push", "read"), covenant.OnlyHandles("selfie.*", "time.now"),
		covenant.CapBudget(covenant.Unlimited().With(covenant.Tokens, 100).With(covenant.Operations, 3)), covenant.ExpireBy(t0.Add(time.Minute)))
	if !m.Equal(want) {
		t.Errorf("meet\n got %v\nwant %v", m, want)
	}
}

func TestMeetOfGates(t *testing.T) {
	g := func(th int, to time.Duration, fb covenant.Fallback, desc string) covenant.Attenuation {
		return covenant.AddGate(covenant.ReviewGate{Trigger: "push", Threshold: th, Timeout: to, Fallback: fb, Description: desc})
	}
	for _, tc := range []struct {
		name string
		a, b covenant.Attenuation
		want covenant.ReviewGate
	}{
		{"smaller threshold, stricter fallback", g(3, time.Minute, covenant.AllowLimited, "x"), g(5, time.Hour, covenant.Deny, ""),
			covenant.ReviewGate{Trigger: "push", Threshold: 3, Timeout: time.Hour, Fallback: covenant.Deny, Description: "x"}},
		{"deny: shorter timeout", g(1, time.Minute, covenant.Deny, "b"), g(1, time.Hour, covenant.Deny, "a"),
			covenant.ReviewGate{Trigger: "push", Threshold: 1, Timeout: time.Minute, Fallback: covenant.Deny, Description: "a"}},
		{"allow-limited: longer timeout", g(2, time.Minute, covenant.AllowLimited, ""), g(4, time.Hour, covenant.AllowLimited, ""),
			covenant.ReviewGate{Trigger: "push", Threshold: 2, Timeout: time.Hour, Fallback: covenant.AllowLimited}},
		{"escalate beats allow-limited", g(2, time.Hour, covenant.AllowLimited, ""), g(9, time.Second, covenant.Escalate, ""),
			covenant.ReviewGate{Trigger: "push", Threshold: 2, Timeout: time.Second, Fallback: covenant.Escalate}},
	} {
		for _, order := range [][2]covenant.Attenuation{{tc.a, tc.b}, {tc.b, tc.a}} {
			got := attenuate(t, covenant.Top(), order[0], order[1]).Gates()
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
			}
		}
	}
	// Gates on different triggers are both kept.
	two := attenuate(t, covenant.Top(), covenant.AddGate(covenant.NewGate("b")), covenant.AddGate(covenant.NewGate("a"))).Gates()
	if len(two) != 2 || two[0].Trigger != "a" || two[1].Trigger != "b" {
		t.Errorf("gates %+v", two)
	}
}

func TestHandleScopeMeetIsIntersection(t *testing.T) {
	for _, tc := range []struct {
		a, b, want []string
	}{
		{[]string{"a*"}, []string{"ab.*"}, []string{"ab.*"}},
		{[]string{"a.*"}, []string{"a"}, []string{}}, // "a.*" does not match "a"
		{[]string{"a.*", "b"}, []string{"*"}, []string{"a.*", "b"}},
		{[]string{"a.*"}, []string{"b.*"}, []string{}},
		{[]string{"time.*", "x"}, []string{"time.now", "x", "y"}, []string{"time.now", "x"}},
	} {
		m := attenuate(t, covenant.Top(), covenant.Only("op"), covenant.OnlyHandles(tc.a...), covenant.OnlyHandles(tc.b...))
		want := attenuate(t, covenant.Top(), covenant.Only("op"), covenant.OnlyHandles(tc.want...))
		if !m.Equal(want) {
			t.Errorf("%v ∧ %v = %v, want %v", tc.a, tc.b, m, want)
		}
	}
}

func TestAllows(t *testing.T) {
	terms := attenuate(t, covenant.Top(), covenant.Only("push"), covenant.OnlyHandles("repo.*"),
		covenant.CapBudget(covenant.Unlimited().With(covenant.Tokens, 10)), covenant.ExpireBy(t0),
		covenant.AddGate(covenant.ReviewGate{Trigger: "push", Threshold: 3}))
	ok := covenant.Request{Op: "push", Handle: "repo.x", At: t0, Occurrence: 2, Spend: covenant.Amounts{Tokens: 10}}
	if !covenant.Allows(terms, ok) {
		t.Fatal("denies a request within every factor")
	}
	for name, r := range map[string]covenant.Request{
		"op":         {Op: "rm", Handle: "repo.x", At: t0},
		"handle":     {Op: "push", Handle: "repo", At: t0},
		"expired":    {Op: "push", At: t0.Add(time.Microsecond)},
		"budget":     {Op: "push", At: t0, Spend: covenant.Amounts{Tokens: 11}},
		"negative":   {Op: "push", At: t0, Spend: covenant.Amounts{Entropy: -1}},
		"gate":       {Op: "push", At: t0, Occurrence: 3},
		"gate above": {Op: "push", At: t0, Occurrence: 7},
	} {
		if covenant.Allows(terms, r) {
			t.Errorf("%s: allows %+v", name, r)
		}
	}
	if !covenant.Allows(terms, covenant.Request{Op: "push", At: t0}) {
		t.Error("a request without a handle is judged by its handle")
	}
}

func TestInvalidAttenuationFails(t *testing.T) {
	if _, err := covenant.Top().Attenuate(covenant.AddGate(covenant.ReviewGate{Trigger: "x", Threshold: -1})); !errors.Is(err, covenant.ErrNegative) {
		t.Errorf("invalid gate: %v", err)
	}
}

func TestCovenantAttenuate(t *testing.T) {
	parent := mustGranted(t, []string{"read", "push"}, covenant.WithGates(covenant.NewGate("push")))
	child, err := parent.Attenuate(t0.Add(time.Hour), covenant.Without("push"), covenant.ExpireBy(t0.Add(2*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	if child.ID() == parent.ID() || child.Status() != covenant.Proposed || child.Reason() != "Attenuation of "+string(parent.ID()) {
		t.Errorf("child %v", child)
	}
	if id, ok := child.Amends(); !ok || id != parent.ID() {
		t.Errorf("attenuates = %q", id)
	}
	if !child.HasPermission("read") || child.HasPermission("push") {
		t.Error("permissions")
	}
	if e, ok := child.ExpiresAt(); !ok || !e.Equal(t0.Add(2*time.Hour)) {
		t.Error("expiry")
	}
	if len(child.Gates()) != 1 {
		t.Error("gate lost")
	}
}

// The Enforcer and Allows agree: a check is allowed exactly when Allows
// says so for the occurrence the enforcer is at (no time passes, so
// timeouts do not apply).
func TestEnforcerAgreesWithAllows(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		terms := generators.Rapid(covenantlaws.Terms()).Draw(rt, "terms")
		cov, err := covenant.Propose(nil, covenant.WithTerms(terms))
		if err == nil {
			cov, err = cov.Grant("kent", t0)
		}
		if err != nil {
			rt.Fatal(err)
		}
		if !cov.Terms().Equal(terms) {
			rt.Fatalf("WithTerms: %v, want %v", cov.Terms(), terms)
		}
		clk := &fakeClock{}
		clk.Advance(time.Duration(rapid.IntRange(-1, 61).Draw(rt, "seconds")) * time.Second)
		e, err := covenant.NewEnforcer(cov, covenant.WithClock(clk.Now))
		if err != nil {
			rt.Fatal(err)
		}
		counts := map[string]int{}
		for i, op := range rapid.SliceOfN(rapid.SampledFrom([]string{"a", "b", "c", "d"}), 1, 20).Draw(rt, "ops") {
			r := covenant.Request{Op: op, At: clk.Now(), Occurrence: counts[op] + 1}
			want := covenant.Allows(terms, r)
			// No time passes, so a timeout only fires when it is zero: an
			// AllowLimited gate then lets every check after the triggering
			// one through (one per zero-length window).
			if g, gated := gateOf(terms, op); gated && !want && g.Fallback == covenant.AllowLimited && g.Timeout == 0 &&
				r.Occurrence > max(g.Threshold, 1) && terms.Permits(op) && active(terms, r.At) {
				want = true
			}
			err := e.Check(op)
			if (err == nil) != want {
				rt.Fatalf("check %d of %q: enforcer %v, Allows %v", i, op, err, want)
			}
			exp, bounded := terms.Expiry()
			if terms.Permits(op) && (!bounded || !r.At.After(exp)) {
				counts[op]++ // active and permitted: the enforcer counted it
			}
		}
	})
}

func gateOf(t covenant.Terms, op string) (covenant.ReviewGate, bool) {
	for _, g := range t.Gates() {
		if g.Trigger == op {
			return g, true
		}
	}
	return covenant.ReviewGate{}, false
}

func active(t covenant.Terms, at time.Time) bool {
	exp, ok := t.Expiry()
	return !ok || !at.After(exp)
}

// Gates cost a meet no allocation when one side has none (its list is
// shared) or both gate the same single trigger (the combined gate is stored
// inline). The permissions here are the same on both sides, so their
// intersection is shared too.
func TestMeetOfGatesAllocatesNothing(t *testing.T) {
	gated := attenuate(t, covenant.Top(), covenant.Only("a", "b"), covenant.AddGate(covenant.NewGate("a")))
	other := attenuate(t, covenant.Top(), covenant.Only("a", "b"),
		covenant.AddGate(covenant.ReviewGate{Trigger: "a", Threshold: 2, Timeout: time.Minute}))
	plain := attenuate(t, covenant.Top(), covenant.Only("a", "b"))
	var out covenant.Terms
	for name, pair := range map[string][2]covenant.Terms{
		"gate on one side":          {gated, plain},
		"gates on the same trigger": {gated, other},
	} {
		if n := testing.AllocsPerRun(1000, func() { out = covenant.Meet(pair[0], pair[1]) }); n != 0 {
			t.Errorf("Meet with %s: %v allocations", name, n)
		}
	}
	if g := covenant.Meet(gated, other).Gates(); len(g) != 1 || g[0].Threshold != 1 || g[0].Timeout != time.Minute {
		t.Errorf("combined gate %+v, want threshold 1 and the shorter timeout", g)
	}
	_ = out
}
