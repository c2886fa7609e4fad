package jsonoperad

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/laws"
)

const fixtureDir = "../../fixtures/json"

// want is the verdict of one law of a fixture, and the counterexamples
// it may shrink to ("x=0 y=0 z=1"), when the minimum is known.
type want struct {
	status     laws.Status
	minima     []string
	exhaustive bool // decided by enumeration, though not proved
}

var (
	proved          = want{status: laws.Proved}
	passed          = want{status: laws.Passed}
	exhaustedAgents = want{status: laws.Passed, exhaustive: true}
)

func failsAt(minima ...string) want { return want{status: laws.Failed, minima: minima} }

// fixtureVerdicts is every law of every shipped fixture and its verdict.
// A fixture or a law missing here fails the test, so the table stays
// complete.
var fixtureVerdicts = map[string]map[string]want{
	"lawful/agent_layout.json": {
		// Every choice of agents is enumerated, and agents are compared by
		// behaviour on bounded input sequences: passed, not proved.
		"seq.associativity": exhaustedAgents, "seq.left_identity": exhaustedAgents, "seq.right_identity": exhaustedAgents,
		"id_is_identity": exhaustedAgents, "stack_is_seq": exhaustedAgents,
		"split_associativity_up_to_reassociation": exhaustedAgents, "flip_twice_is_identity": exhaustedAgents,
	},
	"lawless/agent_par_strict.json": {
		"par.associativity":                 failsAt("x=pass() y=pass() z=pass()"),
		"associativity_up_to_reassociation": exhaustedAgents,
	},
	"lawful/int_addition.json": {
		"add.associativity": passed, "add.commutativity": passed, "add.left_identity": passed, "add.right_identity": passed,
		"add.left_inverse": passed, "add.right_inverse": passed, "double_negation": passed,
	},
	"lawful/max_plus_semiring.json": {
		"max.associativity": passed, "max.commutativity": passed, "max.idempotence": passed,
		"plus.associativity": passed, "plus.commutativity": passed, "plus.left_identity": passed, "plus.right_identity": passed,
		"plus.left_distributivity": passed, "plus.right_distributivity": passed,
	},
	"lawful/string_concatenation.json": {
		"cat.associativity": passed, "cat.left_identity": proved, "cat.right_identity": proved,
		"variadic_flattens": passed, "empty_variadic_is_identity": proved, "twice_is_cat": passed,
	},
	"lawful/set_union_lattice.json": {
		"union.associativity": proved, "union.commutativity": proved, "union.idempotence": proved,
		"union.left_identity": proved, "union.right_identity": proved, "union.left_annihilation": proved, "union.right_annihilation": proved,
		"inter.associativity": proved, "inter.commutativity": proved, "inter.idempotence": proved,
		"inter.left_identity": proved, "inter.right_identity": proved, "inter.left_annihilation": proved, "inter.right_annihilation": proved,
		"union.absorption": proved, "inter.absorption": proved, "inter.left_distributivity": proved, "inter.right_distributivity": proved,
	},
	"lawful/boolean_lattice.json": {
		"and.associativity": proved, "and.commutativity": proved, "and.idempotence": proved, "and.left_identity": proved,
		"and.right_identity": proved, "and.left_annihilation": proved, "and.right_annihilation": proved,
		"or.associativity": proved, "or.commutativity": proved, "or.idempotence": proved, "or.left_identity": proved, "or.right_identity": proved,
		"and.absorption": proved, "or.absorption": proved,
		"and.left_distributivity": proved, "and.right_distributivity": proved, "or.left_distributivity": proved, "or.right_distributivity": proved,
		"complement_or": proved, "complement_and": proved, "de_morgan": proved,
	},
	"lawful/function_composition.json": {
		"compose.associativity": proved, "compose.left_identity": proved, "compose.right_identity": proved,
		"compose.idempotence": proved, "twice_is_identity": proved,
	},
	"lawful/list_concatenation.json": {
		"cat.associativity": proved, "cat.left_identity": proved, "cat.right_identity": proved,
		"reverse_anti_homomorphism": proved, "reverse_involution": proved,
	},
	"lawful/matrix_2x2.json": {
		"mul.associativity": passed, "mul.left_identity": passed, "mul.right_identity": passed,
		"add.associativity": passed, "add.commutativity": passed, "add.left_identity": passed, "add.right_identity": passed,
		"mul.left_distributivity": passed, "mul.right_distributivity": passed,
	},
	"lawless/int_subtraction.json": {
		"sub.associativity":  failsAt("x=0 y=0 z=1"),
		"sub.commutativity":  failsAt("x=0 y=1", "x=1 y=0"),
		"sub.left_identity":  failsAt("x=1", "x=-1"),
		"sub.right_identity": passed,
	},
	"lawless/one_bad_constant.json": {
		// Wrong only when x is 7777, a literal of the file's expression.
		"add.left_identity": passed, "add.right_identity": failsAt("x=7777"),
		"add.commutativity": failsAt("x=0 y=7777", "x=7777 y=0"),
	},
	"lawless/integer_average.json": {
		"avg.commutativity": passed, "avg.idempotence": passed,
		// Every failing case has |x|+|y|+|z| >= 2, and these are all the
		// ones with 2.
		"avg.associativity": failsAt("x=2 y=0 z=0", "x=0 y=0 z=2", "x=-2 y=0 z=0", "x=0 y=0 z=-2"),
	},
	"lawless/float_addition.json": {
		"add.commutativity":              passed,
		"add.associativity":              {status: laws.Failed}, // the minimum depends on the float shrinker
		"associativity_within_tolerance": passed,
	},
	"lawless/rock_paper_scissors.json": {
		"winner.commutativity": proved, "winner.idempotence": proved,
		"winner.associativity": failsAt(`x="rock" y="paper" z="scissors"`),
	},
	"lawless/par_strict_associativity.json": {
		"par.associativity":                 failsAt(`x="" y="" z=""`),
		"associativity_up_to_reassociation": proved,
	},
	"lawless/wrong_identity_table.json": {
		"add.associativity": proved, "add.commutativity": proved,
		"add.left_identity": failsAt("x=0"), "add.right_identity": failsAt("x=0"),
	},
}

func bindingsText(c *laws.Counterexample) string {
	var parts []string
	for _, b := range c.Bindings {
		parts = append(parts, b.Name+"="+laws.FormatValue(b.Value))
	}
	return strings.Join(parts, " ")
}

// TestFixtureVerdicts checks every law of every shipped fixture on both
// engines and asserts its verdict and, where the minimum is known, the
// exact counterexample it shrinks to.
func TestFixtureVerdicts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtureDir, "*", "*.json"))
	if err != nil || len(files) < 12 {
		t.Fatalf("found %d fixtures (%v)", len(files), err)
	}
	for _, f := range files {
		rel, _ := filepath.Rel(fixtureDir, f)
		rel = filepath.ToSlash(rel)
		verdicts, ok := fixtureVerdicts[rel]
		if !ok {
			t.Errorf("fixture %s has no verdicts in this test", rel)
			continue
		}
		o, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		lawless := false
		seen := map[string]bool{}
		for _, l := range o.Laws {
			seen[l.Name] = true
			w, ok := verdicts[l.Name]
			if !ok {
				t.Errorf("%s: law %s has no verdict in this test", rel, l.Name)
				continue
			}
			lawless = lawless || w.status == laws.Failed
			for _, engine := range []laws.Engine{laws.Rapid, laws.Gopter} {
				if (w.status == laws.Proved || w.exhaustive) && engine == laws.Gopter {
					continue // enumeration uses no engine
				}
				t.Run(fmt.Sprintf("%s/%s/%s", rel, l.Name, engine), func(t *testing.T) {
					cfg := Config{Engine: engine, Checks: 100, Seed: 7, ShrinkTime: 10 * time.Second}
					if strings.HasPrefix(rel, "lawless/float") {
						cfg.ShrinkTime = time.Second // gopter's tape shrinker is slow on floats; the bound is reported
					}
					r, err := l.Check(cfg, nil)
					if err != nil {
						t.Fatal(err)
					}
					if r.Status != w.status {
						t.Fatalf("status %s, want %s\n%s", r.Status, w.status, r.Report())
					}
					if w.status == laws.Proved {
						if n := l.CaseSpace(); n == nil || int64(r.Cases) != n.Int64() {
							t.Errorf("proved on %d cases, the space has %v", r.Cases, n)
						}
					}
					if w.exhaustive && r.Engine != "exhaustive" {
						t.Errorf("checked by %s, want by enumeration", r.Engine)
					}
					if w.status != laws.Proved && !w.exhaustive && (r.Counterexample == nil || !r.Counterexample.Shrink.BoundHit) {
						// The compiled sides and laws.TheoryLaws agree (when
						// shrinking was not cut short by its time bound).
						cfg.viaTheory = true
						th, err := l.Check(cfg, nil)
						if err != nil || th.Status != r.Status || th.Cases != r.Cases ||
							(r.Counterexample != nil && bindingsText(th.Counterexample) != bindingsText(r.Counterexample)) {
							t.Errorf("through TheoryLaws: %v\n%s\ncompiled:\n%s", err, th.Report(), r.Report())
						}
					}
					if w.status != laws.Failed {
						return
					}
					got := bindingsText(r.Counterexample)
					if len(w.minima) > 0 && !slices.Contains(w.minima, got) {
						t.Errorf("shrunk to %s, want one of %q\n%s", got, w.minima, r.Report())
					}
					// The counterexample really fails: evaluated again, once.
					c, err := l.NewCase(r)
					if err != nil {
						t.Fatal(err)
					}
					again, err := o.Replay(c)
					if err != nil || again.Status != laws.Failed {
						t.Errorf("the counterexample does not fail on replay: %v %v", again.Status, err)
					}
				})
			}
		}
		for name := range verdicts {
			if !seen[name] {
				t.Errorf("%s: the test expects a law %s that the fixture does not have", rel, name)
			}
		}
		if strings.HasPrefix(rel, "lawless/") != lawless {
			t.Errorf("%s: a fixture is lawless exactly when a law of it fails", rel)
		}
	}
}

// TestEnumerationFindsTheFirstFailure: with a finite carrier, the failure
// is the first in enumeration order, which the shrinkers can only match.
func TestEnumerationFindsTheFirstFailure(t *testing.T) {
	src := `{"name": "avg_small", "sorts": {"int": {"kind": "int", "min": -3, "max": 3}},
	  "operations": {"avg": {"arity": 2, "expr": "int((x + y) / 2)"}, "sub": {"arity": 2, "expr": "x - y"}},
	  "laws": [{"law": "associativity", "op": "avg"}, {"law": "associativity", "op": "sub"}, {"law": "commutativity", "op": "sub"}]}`
	o, err := Parse("avg_small.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for law, wantCase := range map[string]string{"avg.associativity": "x=0 y=0 z=2", "sub.associativity": "x=0 y=0 z=1", "sub.commutativity": "x=0 y=1"} {
		r, err := o.Law(law).Check(Config{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != laws.Failed || r.Engine != "exhaustive" || bindingsText(r.Counterexample) != wantCase {
			t.Errorf("%s: %s by %s at %v, want failed by exhaustive at %s", law, r.Status, r.Engine, r.Counterexample, wantCase)
		}
	}
	// The same law on the same space, with proof turned off, is checked
	// by the engine and reaches the same minimum.
	r, err := o.Law("sub.associativity").Check(Config{ExhaustiveLimit: -1, Seed: 1}, nil)
	if err != nil || r.Engine != laws.Rapid || bindingsText(r.Counterexample) != "x=0 y=0 z=1" {
		t.Errorf("without proof: %v by %s at %v", err, r.Engine, r.Counterexample)
	}
}

// TestAgentLawsOnBothEngines: with proof by enumeration off, the engines
// choose the agents, and both shrink kgents' strict par associativity to
// the first agent three times, as enumeration finds it.
func TestAgentLawsOnBothEngines(t *testing.T) {
	o, err := Load(filepath.Join(fixtureDir, "lawless/agent_par_strict.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, engine := range []laws.Engine{laws.Rapid, laws.Gopter} {
		r, err := o.Law("par.associativity").Check(Config{Engine: engine, Seed: 3, Checks: 100, ExhaustiveLimit: -1}, nil)
		if err != nil || r.Status != laws.Failed || r.Engine != engine || bindingsText(r.Counterexample) != "x=pass() y=pass() z=pass()" {
			t.Errorf("%s: %v %v by %s at %v", engine, err, r.Status, r.Engine, r.Counterexample)
		}
		r, err = o.Law("associativity_up_to_reassociation").Check(Config{Engine: engine, Seed: 3, Checks: 100, ExhaustiveLimit: -1}, nil)
		if err != nil || r.Status != laws.Passed || r.Cases != 100 {
			t.Errorf("%s: up to reassociation: %v %v on %d cases", engine, err, r.Status, r.Cases)
		}
	}
}
