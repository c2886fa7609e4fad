package laws_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/laws"
)

// A counterexample that no shrinker minimised says how it is minimal in
// the report and the record, rather than "shrunk with 0 tries".
func TestShrinkBySaysHowACaseIsMinimal(t *testing.T) {
	for by, text := range map[string]string{
		laws.ShrinkByEnumeration: "; smallest by exhaustive enumeration;",
		laws.ShrinkByReplay:      "; replayed as saved, not shrunk again;",
		"":                       "; shrunk with 0 tries in 0s;",
	} {
		r := laws.Result{Instance: "i", Law: "l", Status: laws.Failed, Engine: "exhaustive",
			Counterexample: &laws.Counterexample{Bindings: []laws.Binding{{Name: "x", Value: 1}}, Shrink: laws.ShrinkInfo{By: by}}}
		if rep := r.Report(); !strings.Contains(rep, text) {
			t.Errorf("by %q: report lacks %q:\n%s", by, text, rep)
		}
		data, err := json.Marshal(laws.RecordOf(r))
		if err != nil {
			t.Fatal(err)
		}
		if has := strings.Contains(string(data), `"by":`); has != (by != "") || by != "" && !strings.Contains(string(data), `"by":"`+by+`"`) {
			t.Errorf("by %q: record %s", by, data)
		}
	}
}
