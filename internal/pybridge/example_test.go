package pybridge_test

import (
	"encoding/json"
	"fmt"

	"github.com/kgents/kgents-core/internal/pybridge"
)

// Par associativity in kgents nests output pairs differently on its two
// sides; up to assoc they are the same output.
func ExampleParseNormalisation() {
	var lhs, rhs pybridge.Value
	_ = json.Unmarshal([]byte(`{"t":"tuple","items":[{"t":"tuple","items":[{"t":"int","v":"6"},{"t":"int","v":"10"}]},{"t":"int","v":"4"}]}`), &lhs)
	_ = json.Unmarshal([]byte(`{"t":"tuple","items":[{"t":"int","v":"6"},{"t":"tuple","items":[{"t":"int","v":"10"},{"t":"int","v":"4"}]}]}`), &rhs)
	ns, _ := pybridge.ParseNormalisation("assoc")
	fmt.Println(lhs.Python(), rhs.Python())
	fmt.Println(ns[0].Apply(lhs).Python(), ns[0].Apply(rhs).Python())
	// Output:
	// ((6, 10), 4) (6, (10, 4))
	// (6, 10, 4) (6, 10, 4)
}

// A response line from the evaluator, decoded and validated.
func ExampleDecodeResponse() {
	line := `{"v":1,"id":2,"ok":true,"results":[{"outputs":[{"t":"dataclass","type":"m.Reading","fields":[{"name":"mood","value":{"t":"enum","type":"m.Mood","name":"CALM","items":[{"t":"str","v":"calm"}]}}]}],"raised":{"t":"exception","type":"ValueError","items":[{"t":"str","v":"Invalid input"}]}}]}`
	r, err := pybridge.DecodeResponse([]byte(line))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Results[0].Outputs[0].Python())
	fmt.Println(r.Results[0].Raised.Python())
	// Output:
	// Reading(mood=Mood.CALM)
	// ValueError("Invalid input")
}
