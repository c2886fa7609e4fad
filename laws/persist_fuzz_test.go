package laws

import (
	"strings"
	"testing"
)

// parseSaved reads files people edit and commit: any content gives the
// cases or one error naming the file, never a panic.
func FuzzParseSaved(f *testing.F) {
	f.Add([]byte(`{"format":"kgents-laws-cases/1","instance":"i","law":"l","equation":"x = x","cases":[{"engine":"rapid","seed":"12","status":"failed","found":"2026-01-02T03:04:05Z","bindings":[{"name":"x","text":"1","json":1}]}]}`))
	f.Add([]byte(`{"format":"kgents-laws-cases/1","cases":[{"engine":"quickcheck","seed":"1"}]}`))
	f.Add([]byte(`{"format":"kgents-laws-cases/1","cases":[{"engine":"gopter","seed":"-1"}]}`))
	f.Add([]byte(`{"format":"kgents-laws-cases/2","cases":[]}`))
	f.Add([]byte("{\n  \"cases\": [}\n"))
	f.Add([]byte(`{"cases":"no"}`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "testdata/laws/i/l.json"
		cases, err := parseSaved(path, data)
		if err != nil {
			if !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q does not name %s in one line", err, path)
			}
			return
		}
		for _, c := range cases {
			if _, err := ParseEngine(string(c.Engine)); err != nil {
				t.Fatalf("accepted engine %q", c.Engine)
			}
		}
	})
}
