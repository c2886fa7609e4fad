package observe_test

import (
	"bufio"
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kgents/kgents-core/laws/observe"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(observe.Schema()))
	if err != nil {
		t.Fatalf("schema.json is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatalf("schema.json is not a valid JSON Schema: %v", err)
	}
	return s
}

func validateLine(s *jsonschema.Schema, line string) error {
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

func TestWrittenLinesFollowTheSchema(t *testing.T) {
	s := compileSchema(t)
	w, err := observe.Create(t.TempDir(), observe.Run{Property: "int_subtraction/associativity", Start: sampleStart})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range sampleRun() {
		if err := w.Write(&o); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(w.Path())
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		if err := validateLine(s, sc.Text()); err != nil {
			t.Errorf("line %d does not follow the schema: %v\n%s", n, err, sc.Text())
		}
	}
	if n != len(sampleRun()) {
		t.Fatalf("wrote %d lines, want %d", n, len(sampleRun()))
	}
}

// The validation above must be able to fail: lines that break the
// format in the ways a careless writer would are rejected.
func TestSchemaRejectsLinesOutsideTheFormat(t *testing.T) {
	s := compileSchema(t)
	good := string((&observe.Observation{Type: observe.TestCase, Status: observe.Passed, Property: "p", RunStart: 1}).AppendJSON(nil))
	if err := validateLine(s, good); err != nil {
		t.Fatalf("a minimal test case is rejected: %v\n%s", err, good)
	}
	bad := map[string]string{
		"no coverage":      strings.Replace(good, `"coverage":null,`, "", 1),
		"unknown status":   strings.Replace(good, `"passed"`, `"skipped"`, 1),
		"extra member":     strings.Replace(good, `{"type"`, `{"extra":1,"type"`, 1),
		"negative timing":  strings.Replace(good, `"timing":{}`, `"timing":{"execute:test":-1}`, 1),
		"message no title": `{"type":"info","content":"x","property":"p","run_start":1}`,
		"unknown type":     `{"type":"debug","title":"t","content":"x","property":"p","run_start":1}`,
	}
	for name, line := range bad {
		if err := validateLine(s, line); err == nil {
			t.Errorf("%s: accepted by the schema: %s", name, line)
		}
	}
}
