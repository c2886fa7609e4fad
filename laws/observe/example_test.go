package observe_test

import (
	"fmt"
	"os"

	"github.com/kgents/kgents-core/laws/observe"
)

// A run writes one test case per generated case and closes its writer;
// any tool that reads PBT observations (Tyche, the lawcheck report) reads
// the directory.
func Example() {
	dir, _ := os.MkdirTemp("", "observed")
	defer os.RemoveAll(dir)

	w, err := observe.Create(dir, observe.Run{Property: "int_addition/commutativity"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for x := range 3 {
		w.Write(&observe.Observation{
			Type:           observe.TestCase,
			Status:         observe.Passed,
			Representation: fmt.Sprintf("x = %d\ny = 1", x),
			Arguments:      observe.Object{{Key: "x", Value: x}, {Key: "y", Value: 1}},
			HowGenerated:   observe.Random,
			Features:       observe.Object{{Key: "abs:x", Value: x}},
		})
	}
	if err := w.Close(); err != nil {
		fmt.Println(err)
		return
	}

	obs, err := observe.ReadDir(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range obs {
		x, _ := o.Arguments.Number("x")
		fmt.Println(o.Property, o.Status, o.Representation == fmt.Sprintf("x = %v\ny = 1", x))
	}
	// Output:
	// int_addition/commutativity passed true
	// int_addition/commutativity passed true
	// int_addition/commutativity passed true
}
