package poly_test

import (
	"errors"
	"fmt"

	"github.com/kgents/kgents-core/operads/poly"
)

func ExampleFromTable() {
	door, _ := poly.FromTable(poly.Table{Name: "door",
		States:  []poly.Value{poly.Str("closed"), poly.Str("open")},
		Initial: poly.Str("closed"),
		Rows: []poly.Row{
			{From: poly.Str("closed"), In: poly.Str("push"), To: poly.Str("open"), Out: poly.Bool(true)},
			{From: poly.Str("open"), In: poly.Str("pull"), To: poly.Str("closed"), Out: poly.Bool(false)},
		}})
	outs, err := door.Run(poly.Str("push"), poly.Str("pull"), poly.Str("pull"))
	fmt.Println(outs)
	fmt.Println(err)
	fmt.Println(errors.Is(err, poly.ErrRejected))
	// Output:
	// [true false]
	// step 2: poly: agent door: invalid input "pull" for state "closed" (accepts {"push"})
	// true
}

func ExampleNewTyped() {
	parity, _ := poly.NewTyped("parity", []poly.Bool{false, true}, false, func(odd poly.Bool, x poly.Int) (poly.Bool, poly.Bool) {
		odd = odd != (x%2 != 0)
		return odd, odd
	})
	bs, _ := parity.Run(1, 2, 3)
	fmt.Println(bs)
	in, out, _ := parity.Agent().Type()
	fmt.Println(parity.Agent(), in, "->", out)
	// Output:
	// [true true false]
	// parity int -> bool
}
