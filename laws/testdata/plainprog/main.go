// Command plainprog is a plain program (not a test) that imports laws:
// env_test builds it to see that importing and running laws leaves the
// program's command line alone.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

func main() {
	parse := flag.Bool("parse", false, "parse the command line before running the laws")
	if len(os.Args) > 1 {
		flag.Parse()
	}
	_ = parse
	add := laws.MonoidOf(0, func(x, y int) int { return x + y })
	rs, err := laws.RunInstance("int_addition", laws.Options{Checks: 20}, laws.MonoidLaws(add, generators.Int(), laws.Comparable[int]()))
	if err != nil {
		fmt.Println(err)
		os.Exit(2)
	}
	for _, r := range rs {
		fmt.Println(r.Law, r.Status, r.Engine, r.Cases)
	}
	n := 0
	flag.VisitAll(func(*flag.Flag) { n++ })
	fmt.Println("flags:", n, "parsed:", flag.Parsed())
}
