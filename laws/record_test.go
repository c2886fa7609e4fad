package laws_test

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

type point struct {
	X, Y   int
	hidden int
}

// TermText prints every value in the term grammar: what it prints parses.
func TestTermTextParses(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{3, "3"},
		{int8(-4), "-4"},
		{uint64(math.MaxInt64), "9223372036854775807"},
		{2.0, "2.0"},
		{"a\"b", `"a\"b"`},
		{true, "true"},
		{nil, "nil()"},
		{[]int{1, 2}, "list(1, 2)"},
		{[]int(nil), "list()"},
		{map[string]int{"b": 2, "a": 1}, `map(pair("a", 1), pair("b", 2))`},
		{point{1, 2, 3}, "laws_test.point(1, 2)"},
		{&point{1, 2, 3}, "laws_test.point(1, 2)"},
		{term.MustParse("seq(a, id())"), "seq(a, id())"},
		{[]*term.Term{term.MustParse("f(x)"), nil}, "list(f(x), nil())"},
	} {
		got := laws.TermText(c.v)
		if got != c.want {
			t.Errorf("TermText(%#v) = %s, want %s", c.v, got, c.want)
		}
		if _, err := term.Parse(got); err != nil {
			t.Errorf("TermText(%#v) = %s does not parse: %v", c.v, got, err)
		}
	}
}

// ValueOf gives JSON only when the JSON is faithful.
func TestValueOfJSON(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{3, "3"},
		{"x", `"x"`},
		{[]int{1, 2}, "[1,2]"},
		{point{1, 2, 3}, `{"X":1,"Y":2}`},
		{term.MustParse("f(x, 1)"), `"f(x, 1)"`},
		{math.NaN(), ""},
		{func() {}, ""},
		{map[point]int{{}: 1}, ""},
	} {
		if got := string(laws.ValueOf(c.v).JSON); got != c.want {
			t.Errorf("ValueOf(%#v).JSON = %s, want %q", c.v, got, c.want)
		}
	}
}

// A failing law's record carries the format, a real seed, and each
// binding as JSON and as term text; a pass on an undisclosed seed has no
// seed at all.
func TestRecordOf(t *testing.T) {
	sub := laws.SemigroupOf(func(x, y int) int { return x - y })
	rs, err := laws.RunInstance("int_subtraction", laws.Options{Seed: 5}, laws.SemigroupLaws(sub, generators.Int(), laws.Comparable[int]()))
	if err != nil || len(rs) != 1 {
		t.Fatal(rs, err)
	}
	b, err := json.Marshal(laws.RecordOf(rs[0]))
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	if rec["format"] != laws.RecordFormat || rec["kind"] != "result" || rec["status"] != "failed" || rec["seed"] == nil {
		t.Errorf("record %s", b)
	}
	cx := rec["counterexample"].(map[string]any)
	z := cx["bindings"].([]any)[2].(map[string]any)
	if z["name"] != "z" || z["text"] != "1" || z["json"] != 1.0 {
		t.Errorf("binding z = %v in %s", z, b)
	}
	if lhs := cx["lhs"].(map[string]any); lhs["text"] != "-1" || lhs["json"] != -1.0 {
		t.Errorf("lhs = %v", lhs)
	}
	if !strings.Contains(string(b), `"shrink":{"tries":`) {
		t.Errorf("no shrink info in %s", b)
	}

	passed := laws.RecordOf(laws.Result{Instance: "i", Law: "l", Status: laws.Passed, Engine: laws.Rapid, Duration: time.Millisecond})
	b, _ = json.Marshal(passed)
	if strings.Contains(string(b), `"seed"`) || strings.Contains(string(b), "counterexample") {
		t.Errorf("a pass with no known seed records %s", b)
	}
	var back laws.Record
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, passed) {
		t.Errorf("round trip: %+v, %v", back, err)
	}
}

// Run streams: each result reaches OnResult before the next law starts.
func TestRunStreamsResults(t *testing.T) {
	var events []string
	rs, err := laws.RunInstance("int_addition", laws.Options{
		Checks:   10,
		OnStart:  func(instance, law string) { events = append(events, "start "+instance+"/"+law) },
		OnResult: func(r laws.Result) { events = append(events, "done "+r.Instance+"/"+r.Law+" "+r.Status.String()) },
	}, laws.CommutativeMonoidLaws(laws.MonoidOf(0, func(x, y int) int { return x + y }), generators.Int(), laws.Comparable[int]()))
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2*len(rs) || len(rs) < 2 {
		t.Fatalf("%d results, events %q", len(rs), events)
	}
	for i, r := range rs {
		if events[2*i] != "start int_addition/"+r.Law || events[2*i+1] != "done int_addition/"+r.Law+" passed" {
			t.Errorf("events %q out of order at %d", events, i)
		}
	}
}
