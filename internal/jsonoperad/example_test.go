package jsonoperad_test

import (
	"fmt"

	"github.com/kgents/kgents-core/internal/jsonoperad"
)

func Example() {
	src := `{
	  "name": "xor",
	  "sorts": {"bit": {"kind": "enum", "values": [0, 1]}},
	  "operations": {"xor": {"arity": 2, "table": [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]], "identity": 0}},
	  "laws": [
	    {"law": "associativity", "op": "xor"},
	    {"law": "identity", "op": "xor"},
	    {"law": "idempotence", "op": "xor"}
	  ]
	}`
	o, err := jsonoperad.Parse("xor.json", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range o.Laws {
		r, err := l.Check(jsonoperad.Config{}, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %s on %d cases", l.Name, r.Status, r.Cases)
		if c := r.Counterexample; c != nil {
			fmt.Printf(", x = %v: lhs %v, rhs %v", c.Bindings[0].Value, c.LHS, c.RHS)
		}
		fmt.Println()
	}
	// Output:
	// xor.associativity: proved on 8 cases
	// xor.left_identity: proved on 2 cases
	// xor.right_identity: proved on 2 cases
	// xor.idempotence: failed on 1 cases, x = 1: lhs 0, rhs 1
}

func ExampleParse_error() {
	_, err := jsonoperad.Parse("bad.json", []byte(`{
  "name": "bad",
  "sorts": {"int": {"kind": "int"}},
  "operations": {"add": {"arity": 2, "expr": "x + y"}},
  "laws": [{"name": "l", "equation": "add(x, mul(y, z)) = x"}]
}`))
	fmt.Println(err)
	// Output:
	// bad.json:5:46: law l: unknown operation mul (operations: add)
}
