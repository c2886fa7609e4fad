package jsonoperad

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// lineColOf returns the line and column of the first byte of marker in src.
func lineColOf(t *testing.T, src, marker string) string {
	t.Helper()
	i := strings.Index(src, marker)
	if i < 0 {
		t.Fatalf("marker %q not in source", marker)
	}
	s := &source{data: []byte(src)}
	l, c := s.lineCol(i)
	return fmt.Sprintf("%d:%d", l, c)
}

const goodOps = `"operations": {
    "add": {"arity": 2, "expr": "x + y", "identity": 0},
    "neg": {"arity": 1, "expr": "-x"}
  }`

func operadWith(sorts, ops, laws string) string {
	return "{\n  \"name\": \"t\",\n  \"sorts\": " + sorts + ",\n  " + ops + ",\n  \"laws\": " + laws + "\n}\n"
}

const intSort = `{"int": {"kind": "int", "min": -10, "max": 10}}`

// TestBadInputNamesThePlace: every kind of bad input is one *Error with
// the file, the line and column where the problem is, and what was
// expected there.
func TestBadInputNamesThePlace(t *testing.T) {
	twoSorts := `{"int": {"kind": "int"}, "str": {"kind": "string"}}`
	cases := []struct {
		name   string
		src    string
		marker string // where the error must point
		offset int    // bytes after the marker
		msg    string // in the message
		kind   error  // errors.Is
	}{
		{"truncated JSON", `{"name": "t", "sorts": {`, ``, 24, "the file ends in the middle", nil},
		{"malformed JSON", "{\"name\": \"t\",\n \"sorts\" {}}", `{}}`, 0, "malformed JSON", nil},
		{"duplicate member", operadWith(intSort, goodOps, `[{"law": "associativity", "op": "add", "op": "neg"}]`), `"op": "neg"`, 0, `duplicate member "op"`, nil},
		{"trailing data", operadWith(intSort, goodOps, `[{"law": "associativity", "op": "add"}]`) + "{}", "\n{}", 1, "unexpected data after", nil},
		{"schema: missing laws", "{\"name\": \"t\", \"sorts\": " + intSort + ", " + goodOps + "}", `{"name"`, 0, "missing property 'laws'", ErrSchema},
		{"schema: unknown sort kind", operadWith(`{"int": {"kind": "integer"}}`, goodOps, `[]`), `"integer"`, 0, "sorts.int.kind", ErrSchema},
		{"operation without a meaning", operadWith(intSort, `"operations": {"add": {"arity": 2}}`, `[{"law": "associativity", "op": "add"}]`), `{"arity": 2}`, 0, "expected exactly one of: expr; or table; or derived", ErrSchema},
		{"unknown law name", operadWith(intSort, goodOps, `[{"law": "associative", "op": "add"}]`), `"associative"`, 0, "associativity", ErrSchema},
		{"unknown operation in an equation", operadWith(intSort, goodOps, `[{"name": "l", "equation": "add(x, mul(y, z)) = x"}]`), `mul(y`, 0, "unknown operation mul", ErrInvalid},
		{"unknown variable in an equation", operadWith(intSort, goodOps, `[{"name": "l", "equation": "add(x, y) = add(x, w)"}]`), `w)"`, 0, "unknown variable w", ErrInvalid},
		{"arity mismatch", operadWith(intSort, goodOps, `[{"name": "l", "equation": "add(x) = x"}]`), `add(x) = x"`, 0, "law l: add(x): add takes 2 arguments, not 1", ErrInvalid},
		{"sort mismatch", operadWith(twoSorts, `"operations": {
    "len": {"args": ["str"], "result": "int", "expr": "len(x)"},
    "add": {"args": ["int", "int"], "result": "int", "expr": "x + y"}
  }`, `[{"name": "l", "equation": "add(x, len(x)) = x"}]`), `x)) = x"`, 0, "variable x is used at sorts int and str", ErrInvalid},
		{"type error in an expression", operadWith(intSort, `"operations": {"add": {"arity": 2, "expr": "x + \"a\""}}`, `[{"law": "associativity", "op": "add"}]`), `+ \"a`, 0, "mismatched types int and string", ErrInvalid},
		{"unknown name in an expression", operadWith(intSort, `"operations": {"add": {"arity": 2, "expr": "x +\n w"}}`, `[{"law": "associativity", "op": "add"}]`), `w"`, 0, "unknown name w", ErrInvalid},
		{"expression of the wrong sort", operadWith(intSort, `"operations": {"avg": {"arity": 2, "expr": "(x + y) / 2"}}`, `[{"law": "associativity", "op": "avg"}]`), `"(x + y) / 2"`, 0, "type float64, expected a value of sort int", ErrInvalid},
		{"table not total", operadWith(`{"b": {"kind": "bool"}}`, `"operations": {"and": {"arity": 2, "table": [[false, false, false], [false, true, false], [true, true, true]]}}`, `[{"law": "associativity", "op": "and"}]`), `[[false`, 0, "not total: no entry for [true, false]", ErrInvalid},
		{"table entry outside its sort", operadWith(`{"b": {"kind": "bool"}}`, `"operations": {"not": {"arity": 1, "table": [[false, true], [true, 0]]}}`, `[{"name": "l", "equation": "not(not(x)) = x"}]`), `0]]`, 0, "expected", ErrInvalid},
		{"derived operation that recurses", operadWith(intSort, `"operations": {
    "add": {"arity": 2, "expr": "x + y"},
    "f": {"params": ["a"], "derived": "g(a)"},
    "g": {"params": ["a"], "derived": "add(f(a), a)"}
  }`, `[{"name": "l", "equation": "f(x) = x"}]`), `"g(a)"`, 0, "recurse: f -> g -> f", ErrInvalid},
		{"unknown sort", operadWith(intSort, `"operations": {"add": {"args": ["int", "nat"], "result": "int", "expr": "x + y"}}`, `[{"law": "associativity", "op": "add"}]`), `"nat"`, 0, `unknown sort nat (did you mean int? sorts: int)`, nil},
		{"identity outside the sort", operadWith(intSort, `"operations": {"add": {"arity": 2, "expr": "x + y", "identity": "zero"}}`, `[{"law": "identity", "op": "add"}]`), `"zero"`, 0, "expected an integer", ErrInvalid},
		{"law needs an identity", operadWith(intSort, `"operations": {"add": {"arity": 2, "expr": "x + y"}}`, `[{"law": "identity", "op": "add"}]`), `{"law": "identity"`, 0, `has no "identity"`, ErrInvalid},
		{"equation syntax", operadWith(intSort, goodOps, `[{"name": "l", "equation": "add(x, y = x"}]`), ` = x"`, 1, "expected", ErrInvalid},
		{"unknown agent operation", `{"name": "t", "agents": {"p": {"states": ["s"], "initial": "s", "transitions": [["s", 0, "s", 0]]}},
  "sorts": {"ag": {"kind": "agent"}}, "operations": {"pipe": {"agent": "pipeline", "arity": 2}},
  "laws": [{"law": "associativity", "op": "pipe"}]}`, `"pipeline"`, 0, `unknown agent operation pipeline (agent operations: branch, fix, id, not, par, seq, trace)`, ErrInvalid},
		{"agent with a transition from no state", `{"name": "t", "agents": {"p": {"states": ["s"], "initial": "s", "transitions": [["s", 0, "s", 0], ["t", 1, "s", 1]]}},
  "sorts": {"ag": {"kind": "agent"}}, "operations": {"seq": {"agent": "seq", "arity": 2}},
  "laws": [{"law": "associativity", "op": "seq"}]}`, `{"states"`, 0, "agent p:", ErrInvalid},
		{"up_to on a law between values", operadWith(intSort, goodOps, `[{"name": "l", "equation": "add(x, y) = add(y, x)", "up_to": "reassociation"}]`), `"reassociation"`, 0, "compares the outputs of agents", ErrInvalid},
		// Mistakes a new user makes, each pointing at the mistake and
		// saying what to do.
		{"misspelt operation of a standard law", operadWith(intSort, goodOps, `[{"law": "associativity", "op": "dda"}]`), `"dda"`, 0, "unknown operation dda (did you mean add? operations: add, neg)", ErrInvalid},
		{"misspelt operation in an equation", operadWith(intSort, goodOps, `[{"name": "l", "equation": "add(x, nge(x)) = 0"}]`), `nge(x)`, 0, "unknown operation nge (did you mean neg? operations: add, neg)", ErrInvalid},
		{"misspelt inverse", operadWith(intSort, `"operations": {"add": {"arity": 2, "expr": "x + y", "identity": 0, "inverse": "ng"}, "neg": {"arity": 1, "expr": "-x"}}`, `[{"law": "inverse", "op": "add"}]`), `"ng"`, 0, "unknown operation ng (did you mean neg?", ErrInvalid},
		{"misspelt operation in a derived one", operadWith(intSort, `"operations": {"add": {"arity": 2, "expr": "x + y"}, "twice": {"params": ["a"], "derived": "add(a, ad(a, a))"}}`, `[{"name": "l", "equation": "twice(x) = add(x, x)"}]`), `ad(a, a)`, 0, "derived: unknown operation ad (did you mean add?", ErrInvalid},
		{"misspelt member", operadWith(intSort, `"operations": {"add": {"arity": 2, "exp": "x + y"}}`, `[{"law": "associativity", "op": "add"}]`), `"exp"`, 0, `operations.add: unknown member "exp" (did you mean expr? members: agent, args, arity,`, ErrSchema},
		{"misspelt standard law", operadWith(intSort, goodOps, `[{"law": "associativty", "op": "add"}]`), `"associativty"`, 0, `"associativty" is not allowed; did you mean associativity?`, ErrSchema},
		{"misspelt sort", operadWith(intSort, `"operations": {"add": {"args": ["itn", "int"], "result": "int", "expr": "x + y"}}`, `[{"law": "associativity", "op": "add"}]`), `"itn"`, 0, "unknown sort itn (did you mean int? sorts: int)", ErrInvalid},
		{"arity too small for the expression", operadWith(intSort, `"operations": {"add": {"arity": 1, "expr": "x + y"}}`, `[{"name": "l", "equation": "add(x) = x"}]`), `y"}}`, 0, `unknown name y (add takes 1 argument, named x; change its "arity" or "params"`, ErrInvalid},
		{"wrong arity in an equation", operadWith(intSort, goodOps, `[{"name": "l", "equation": "add(neg(x), neg(x, x)) = 0"}]`), `neg(x, x)`, 0, "law l: neg(x, x): neg takes 1 argument, not 2", ErrInvalid},
		{"wrong arity on the right side", operadWith(intSort, goodOps, `[{"name": "l", "equation": "add(x, 0) = add(x)"}]`), `add(x)"`, 0, "law l: add(x): add takes 2 arguments, not 1", ErrInvalid},
		{"wrong arity in a derived operation", operadWith(intSort, `"operations": {"add": {"arity": 2, "expr": "x + y"}, "twice": {"params": ["a"], "derived": "add(a, add(a))"}}`, `[{"name": "l", "equation": "twice(x) = add(x, x)"}]`), `add(a))`, 0, "derived: add(a): add takes 2 arguments, not 1", ErrInvalid},
		{"missing comma", "{\"name\": \"t\"\n \"sorts\": {}}", `"sorts"`, 0, "(a ',' missing before it?)", nil},
		{"trailing comma in an object", "{\"name\": \"t\",\n \"sorts\": {},}", `},}`, 2, "JSON allows no trailing comma", nil},
		{"trailing comma in an array", operadWith(intSort, goodOps, `[{"law": "associativity", "op": "add"},]`), `]`, 0, "JSON allows no trailing comma", nil},
		{"unquoted value", "{\"name\": x}", `x}`, 0, "strings take double quotes", nil},
		{"equation without a name", operadWith(intSort, goodOps, `[{"equation": "add(x, y) = add(y, x)"}]`), `{"equation"`, 0, "laws.0: missing property 'name'", ErrSchema},
		{"law of both forms", operadWith(intSort, goodOps, `[{"law": "commutativity", "op": "add", "equation": "add(x, y) = add(y, x)"}]`), `{"law"`, 0, "laws.0: mixes the members of different forms; give either law and op, or name and equation, not members of both", ErrSchema},
		{"standard law over mixed sorts", operadWith(`{"n": {"kind": "int"}, "s": {"kind": "string"}}`, `"operations": {"rep": {"args": ["s", "n"], "result": "s", "expr": "repeat(x, y)"}}`, `[{"law": "associativity", "op": "rep"}]`), `{"law"`, 0, `law rep.associativity: rep(rep(x, y), z) = rep(x, rep(y, z)) does not fit the sorts of its operations: rep(y, z): has sort s where n is expected (write the law you mean as an "equation")`, ErrInvalid},
		{"two laws with one name", operadWith(intSort, goodOps, `[{"law": "associativity", "op": "add"}, {"name": "add.associativity", "equation": "add(x, y) = add(y, x)"}]`), `{"name": "add.associativity"`, 0, "two laws are named add.associativity", ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("op.json", []byte(c.src))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T), want *Error", err, err)
			}
			wantPos := lineColOf(t, c.src+"\x00", c.marker+"")
			if c.marker == "" {
				s := &source{data: []byte(c.src)}
				l, col := s.lineCol(c.offset)
				wantPos = fmt.Sprintf("%d:%d", l, col)
			} else if c.offset > 0 {
				i := strings.Index(c.src, c.marker) + c.offset
				s := &source{data: []byte(c.src)}
				l, col := s.lineCol(i)
				wantPos = fmt.Sprintf("%d:%d", l, col)
			}
			if got := fmt.Sprintf("%d:%d", e.Line, e.Col); got != wantPos {
				t.Errorf("error at %s, want %s: %v\n%s", got, wantPos, err, c.src)
			}
			if !strings.HasPrefix(err.Error(), "op.json:"+wantPos+": ") || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q, want op.json:%s: ...%s...", err, wantPos, c.msg)
			}
			if c.kind != nil && !errors.Is(err, c.kind) {
				t.Errorf("errors.Is(%v, %v) is false", err, c.kind)
			}
		})
	}
}
