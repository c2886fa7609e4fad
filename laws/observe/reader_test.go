package observe_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/laws/observe"
)

const goodLine = `{"type":"test_case","status":"passed","status_reason":"","representation":"x = 1","arguments":{"x":1},"how_generated":"random","features":{},"coverage":null,"timing":{},"metadata":{},"property":"p/q","run_start":1}`

func TestReadErrorsNameFileLineAndColumn(t *testing.T) {
	cases := []struct {
		name, text, want string
	}{
		{"bad JSON", goodLine + "\n{\"type\": tru}\n", "obs.jsonl:2:13: invalid character"},
		{"cut short", goodLine + "\n" + goodLine[:40], "obs.jsonl:2:40: the last line is cut short"},
		{"unknown status", goodLine + "\n\n" + strings.Replace(goodLine, "passed", "skipped", 1), `obs.jsonl:3: test_case: unknown status "skipped"`},
		{"no type", `{"property":"p","run_start":1}`, `obs.jsonl:1: missing "type"`},
		{"unknown type", `{"type":"debug","property":"p","run_start":1}`, `obs.jsonl:1: unknown type "debug"`},
		{"wrong member type", strings.Replace(goodLine, `"run_start":1`, `"run_start":"soon"`, 1), `obs.jsonl:1:`},
		{"not an object", `[1,2]`, `obs.jsonl:1:`},
		{"message without content", `{"type":"info","title":"t","property":"p","run_start":1}`, `obs.jsonl:1: info: missing "content"`},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "obs.jsonl")
			if err := os.WriteFile(path, []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := observe.ReadFile(path)
			if err == nil {
				t.Fatal("read without error")
			}
			if !errors.Is(err, observe.ErrMalformed) {
				t.Errorf("error %v is not ErrMalformed", err)
			}
			var re *observe.ReadError
			if !errors.As(err, &re) || re.File != path {
				t.Errorf("error %v is not a ReadError naming %s", err, path)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
		})
	}
}

func TestReadDirSaysWhenThereIsNothingToRead(t *testing.T) {
	dir := t.TempDir()
	if _, err := observe.ReadDir(dir); err == nil || !strings.Contains(err.Error(), "holds no observations") {
		t.Errorf("ReadDir of an empty directory = %v", err)
	}
	if _, err := observe.ReadDir(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadDir of a missing directory = %v, want ErrNotExist", err)
	}
}

func TestReadSkipsBlankLinesAndAcceptsAMissingFinalNewline(t *testing.T) {
	obs, err := observe.Read(strings.NewReader("\n"+goodLine+"\n\n  \n"+goodLine), "x")
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 2 {
		t.Errorf("read %d observations, want 2", len(obs))
	}
}
