package laws_test

import (
	"strings"
	"testing"

	"github.com/kgents/kgents-core/laws"
)

// A report names its seed only when there is one, and says what its site
// is: where the instance was registered unless SiteKind says otherwise.
func TestReportSeedAndSite(t *testing.T) {
	for _, tc := range []struct {
		name      string
		r         laws.Result
		want, not []string
	}{
		{
			name: "seeded, registered",
			r:    laws.Result{Instance: "i", Law: "l", Status: laws.Failed, Engine: laws.Rapid, Seed: 42, Site: "a.go:3"},
			want: []string{"  engine: rapid, seed 42; 0 cases held before this one;", "  instance registered at a.go:3\n"},
		},
		{
			name: "no seed, law in a file",
			r:    laws.Result{Instance: "i", Law: "l", Status: laws.Failed, Engine: "exhaustive", Site: "f.json:11:5", SiteKind: "law written at"},
			want: []string{"  engine: exhaustive; 0 cases held before this one;", "  law written at f.json:11:5\n"},
			not:  []string{"seed", "registered"},
		},
		{
			name: "one case held",
			r:    laws.Result{Instance: "i", Law: "l", Status: laws.Failed, Engine: laws.Gopter, Seed: 7, Cases: 1},
			want: []string{"  engine: gopter, seed 7; 1 case held before this one;"},
			not:  []string{"1 cases"},
		},
	} {
		out := tc.r.Report()
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: report lacks %q:\n%s", tc.name, w, out)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(out, n) {
				t.Errorf("%s: report contains %q:\n%s", tc.name, n, out)
			}
		}
	}
}
