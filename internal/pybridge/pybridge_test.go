package pybridge_test

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/internal/pybridge"
)

func val(t *testing.T, s string) pybridge.Value {
	t.Helper()
	var v pybridge.Value
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	if err := v.Validate(); err != nil {
		t.Fatal(err)
	}
	return v
}

func i(n string) string { return `{"t":"int","v":"` + n + `"}` }

func TestValuesRenderAsPython(t *testing.T) {
	for in, want := range map[string]string{
		`{"t":"none"}`:                               "None",
		`{"t":"bool","v":"True"}`:                    "True",
		i("123456789012345678901234567890"):          "123456789012345678901234567890",
		`{"t":"float","v":"nan"}`:                    `float("nan")`,
		`{"t":"float","v":"-0.0"}`:                   "-0.0",
		`{"t":"str","v":"a'b\"\n"}`:                  `"a'b\"\n"`,
		`{"t":"tuple","items":[` + i("1") + `]}`:     "(1,)",
		`{"t":"tuple","items":[]}`:                   "()",
		`{"t":"list","items":[` + i("1") + `]}`:      "[1]",
		`{"t":"set","items":[]}`:                     "set()",
		`{"t":"frozenset","items":[` + i("1") + `]}`: "frozenset({1})",
		`{"t":"dict","entries":[{"key":{"t":"str","v":"k"},"value":` + i("2") + `}]}`:   `{"k": 2}`,
		`{"t":"enum","type":"m.Mood","name":"CALM","items":[{"t":"str","v":"calm"}]}`:   "Mood.CALM",
		`{"t":"dataclass","type":"m.R","fields":[{"name":"v","value":` + i("1") + `}]}`: "R(v=1)",
		`{"t":"exception","type":"ValueError","items":[{"t":"str","v":"no"}]}`:          `ValueError("no")`,
		`{"t":"object","type":"m.X","repr":"<m.X object>"}`:                             "<m.X object>",
	} {
		if got := val(t, in).Python(); got != want {
			t.Errorf("%s renders as %s, want %s", in, got, want)
		}
	}
}

func TestNormalisations(t *testing.T) {
	left := val(t, `{"t":"tuple","items":[{"t":"tuple","items":[`+i("1")+`,`+i("2")+`]},`+i("3")+`]}`)
	right := val(t, `{"t":"tuple","items":[`+i("1")+`,{"t":"tuple","items":[`+i("2")+`,`+i("3")+`]}]}`)
	list := val(t, `{"t":"list","items":[`+i("1")+`,`+i("2")+`,`+i("3")+`]}`)
	ns, err := pybridge.ParseNormalisation("assoc")
	if err != nil {
		t.Fatal(err)
	}
	a := ns[0]
	if a.Apply(left).Python() != "(1, 2, 3)" || a.Apply(right).Python() != "(1, 2, 3)" {
		t.Errorf("assoc: %s, %s", a.Apply(left), a.Apply(right))
	}
	if a.Apply(list).Python() != "[1, 2, 3]" || left.Python() != "((1, 2), 3)" {
		t.Error("assoc changed a list, or its input")
	}
	named := val(t, `{"t":"tuple","type":"m.P","items":[{"t":"tuple","items":[`+i("1")+`]}]}`)
	if a.Apply(named).Python() != "P(((1,),))" {
		t.Errorf("assoc flattened into a named tuple: %s", a.Apply(named))
	}
	ns, _ = pybridge.ParseNormalisation("without:ts, exctype")
	dc := val(t, `{"t":"dataclass","type":"m.E","fields":[{"name":"ts","value":`+i("5")+`},{"name":"x","value":{"t":"dict","entries":[{"key":{"t":"str","v":"ts"},"value":`+i("1")+`},{"key":{"t":"str","v":"e"},"value":{"t":"exception","type":"KeyError","items":[`+i("1")+`]}}]}}]}`)
	got := ns[1].Apply(ns[0].Apply(dc)).Python()
	if got != `E(x={"e": KeyError()})` {
		t.Errorf("without:ts, exctype: %s", got)
	}
	if _, err := pybridge.ParseNormalisation("assoc,sideways"); err == nil || !strings.Contains(err.Error(), "sideways") {
		t.Errorf("unknown normalisation: %v", err)
	}
}

func TestDecodeResponseRefusesWhatIsNotAResponse(t *testing.T) {
	for line, want := range map[string]string{
		`not json`:                       "invalid character",
		`{"v":3,"id":1,"ok":true}`:       "protocol version 3",
		`{"v":0,"id":1,"ok":true}`:       "protocol version 0",
		`{"v":1,"id":1,"ok":false}`:      "without an error",
		`{"v":1,"id":1,"ok":true,"x":1}`: "unknown field",
		`{"v":1,"id":1,"ok":true} {}`:    "more than one",
		`{"v":1,"id":1,"ok":true,"results":[{"outputs":[{"t":"int","v":"1.5"}]}]}`: "not a decimal integer",
		`{"v":1,"id":1,"ok":true,"results":[{"outputs":[{"t":"blob"}]}]}`:          "unknown value kind",
	} {
		_, err := pybridge.DecodeResponse([]byte(line))
		if !errors.Is(err, pybridge.ErrProtocol) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", line, err, want)
		}
	}
	r, err := pybridge.DecodeResponse([]byte(`{"v":1,"id":3,"ok":true,"results":[{"outputs":[{"t":"none"}],"raised":{"t":"exception","type":"E","items":[]}}]}`))
	if err != nil || *r.ID != 3 || r.Results[0].Raised.Python() != "E()" {
		t.Fatalf("%+v, %v", r, err)
	}
}

// Describes of version 1 (bare leaf names, no sorts) are still read, as
// agents; version 2 gives leaves their sorts.
func TestDecodeResponseReadsLeavesOfBothVersions(t *testing.T) {
	v1 := `{"v":1,"id":1,"ok":true,"describe":{"protocol":1,"python":"3.11","operads":[{"name":"A","operations":[{"name":"seq","arity":2,"variadic":false}],"laws":[],"leaves":["x"],"identity":null,"inputs":[],"max_inputs":4}]}}`
	r, err := pybridge.DecodeResponse([]byte(v1))
	if err != nil {
		t.Fatal(err)
	}
	if l := r.Describe.Operads[0].Leaves; len(l) != 1 || l[0].Name != "x" || l[0].SortOr() != pybridge.SortAgent {
		t.Errorf("v1 leaves: %+v", l)
	}
	v2 := strings.NewReplacer(`"v":1`, `"v":2`, `["x"]`, `[{"name":"p","sort":"predicate"}]`).Replace(v1)
	r, err = pybridge.DecodeResponse([]byte(v2))
	if err != nil {
		t.Fatal(err)
	}
	if l := r.Describe.Operads[0].Leaves; len(l) != 1 || l[0].Name != "p" || l[0].SortOr() != pybridge.SortPredicate {
		t.Errorf("v2 leaves: %+v", l)
	}
	bad := strings.Replace(v2, `"sort"`, `"kind"`, 1)
	if _, err := pybridge.DecodeResponse([]byte(bad)); !errors.Is(err, pybridge.ErrProtocol) || !strings.Contains(err.Error(), "unknown field") {
		t.Errorf("a leaf with an unknown field: %v", err)
	}
}

// FuzzDecodeResponse: the decoder never panics; what it accepts
// re-encodes to a line it accepts again, with the same values.
func FuzzDecodeResponse(f *testing.F) {
	for _, s := range []string{
		`{"v":1,"id":1,"ok":true,"describe":{"protocol":1,"python":"3.11","operads":[{"name":"A","operations":[{"name":"seq","arity":2,"variadic":false}],"laws":[{"name":"l","equation":"seq(a, b) = b"}],"leaves":["x"],"identity":{"leaf":"x","ops":["seq"]},"inputs":[{"t":"int","v":"0"}],"max_inputs":4}]}}`,
		`{"v":2,"id":1,"ok":true,"describe":{"protocol":2,"python":"3.11","operads":[{"name":"A","operations":[{"name":"branch","arity":3,"variadic":false,"args":["predicate","agent"],"result":"agent"}],"laws":[],"leaves":[{"name":"p","sort":"predicate"},{"name":"x","sort":"agent"}],"identity":null,"inputs":[],"max_inputs":4}]}}`,
		`{"v":1,"id":2,"ok":true,"results":[{"outputs":[{"t":"tuple","items":[{"t":"int","v":"1"},{"t":"dataclass","type":"m.R","fields":[{"name":"a","value":{"t":"none"}}]}]}]},{"error":{"kind":"timeout","message":"no"}}]}`,
		`{"v":1,"id":null,"ok":false,"error":{"kind":"import","message":"m","traceback":"t"}}`,
		`{"v":1,"id":1,"ok":true,"results":[{"outputs":[{"t":"dict","entries":[{"key":{"t":"str","v":"k"},"value":{"t":"float","v":"inf"}}]}]}]}`,
		`{"v":1`, `[]`, `null`, `{"v":1,"id":1,"ok":true,"results":[{"outputs":[{"t":"list","items":[{"t":"list","items":[{"t":"list"}]}]}]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		r, err := pybridge.DecodeResponse(line)
		if err != nil {
			if !errors.Is(err, pybridge.ErrProtocol) {
				t.Fatalf("error %v is not a protocol error", err)
			}
			return
		}
		again, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("an accepted response does not re-encode: %v", err)
		}
		r2, err := pybridge.DecodeResponse(again)
		if err != nil {
			t.Fatalf("%s re-encodes to %s, which is refused: %v", line, again, err)
		}
		for i := range r.Results {
			for j := range r.Results[i].Outputs {
				if r.Results[i].Outputs[j].Python() != r2.Results[i].Outputs[j].Python() {
					t.Fatalf("output %d.%d changed on re-encoding", i, j)
				}
			}
		}
	})
}

func needSh(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("sh is not on PATH")
	}
}

// An evaluator that never answers is killed after the timeout, and the
// next request starts a new one.
func TestBridgeKillsAHungEvaluator(t *testing.T) {
	needSh(t)
	b := pybridge.Start(pybridge.Command{Python: "sh", Args: []string{"-c", "echo started >&2; exec sleep 60"}})
	b.Timeout, b.Grace, b.Startup = 100*time.Millisecond, 100*time.Millisecond, 100*time.Millisecond
	defer b.Close()
	start := time.Now()
	_, err := b.Describe()
	if !errors.Is(err, pybridge.ErrTimeout) || !strings.Contains(err.Error(), "started") {
		t.Fatalf("Describe: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the timeout took %v", d)
	}
	_, err = b.Eval("A", false, []pybridge.Run{{Term: json.RawMessage(`"x"`), Inputs: []int{0}}})
	if !errors.Is(err, pybridge.ErrTimeout) {
		t.Fatalf("Eval after a restart: %v", err)
	}
}

func TestBridgeReportsACrashAndAMalformedLine(t *testing.T) {
	needSh(t)
	b := pybridge.Start(pybridge.Command{Python: "sh", Args: []string{"-c", "read line; echo boom >&2; exit 4"}})
	defer b.Close()
	if _, err := b.Describe(); !errors.Is(err, pybridge.ErrCrashed) || !strings.Contains(err.Error(), "exit status 4") || !strings.Contains(err.Error(), "boom") {
		t.Errorf("crash: %v", err)
	}
	b2 := pybridge.Start(pybridge.Command{Python: "sh", Args: []string{"-c", "read line; echo '{\"v\":1,'; sleep 60"}})
	defer b2.Close()
	if _, err := b2.Describe(); !errors.Is(err, pybridge.ErrProtocol) {
		t.Errorf("malformed line: %v", err)
	}
	b3 := pybridge.Start(pybridge.Command{Python: "/nonexistent/python3"})
	if _, err := b3.Describe(); !errors.Is(err, pybridge.ErrNoPython) {
		t.Errorf("missing interpreter: %v", err)
	}
}

// In stdio mode a broken line ends the conversation for good.
func TestPipesStopAfterAMalformedLine(t *testing.T) {
	pr, pw := io.Pipe()
	b := pybridge.Pipes(pr, io.Discard)
	b.Timeout, b.Grace = time.Second, time.Second
	go func() { _, _ = pw.Write([]byte("garbage\n")) }()
	if _, err := b.Describe(); !errors.Is(err, pybridge.ErrProtocol) {
		t.Fatalf("Describe: %v", err)
	}
	if _, err := b.Describe(); !errors.Is(err, pybridge.ErrProtocol) {
		t.Fatalf("after the broken line: %v", err)
	}
}

// The Python package's own unit tests, on the real python3.
func TestPythonUnitTests(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not on PATH: the Python bridge tests need it (install python3 3.9 or newer)")
	}
	cmd := exec.Command("python3", "-m", "unittest", "discover", "-s", "tests", "-t", ".")
	cmd.Dir = "../../python"
	cmd.Env = append(cmd.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "OK") {
		t.Fatalf("python3 -m unittest: %v\n%s", err, out)
	}
}

// plainValue is Value without its own parser, decoded by encoding/json.
type plainValue struct {
	Kind    string       `json:"t"`
	Type    string       `json:"type,omitempty"`
	Name    string       `json:"name,omitempty"`
	V       string       `json:"v,omitempty"`
	Repr    string       `json:"repr,omitempty"`
	Items   []plainValue `json:"items,omitempty"`
	Fields  []plainField `json:"fields,omitempty"`
	Entries []plainEntry `json:"entries,omitempty"`
}

type plainField struct {
	Name  string     `json:"name"`
	Value plainValue `json:"value"`
}

type plainEntry struct {
	Key   plainValue `json:"key"`
	Value plainValue `json:"value"`
}

func (p plainValue) python() string {
	data, _ := json.Marshal(p)
	var v pybridge.Value
	if err := json.Unmarshal(data, &v); err != nil {
		return "unparsable: " + err.Error()
	}
	return v.Python()
}

// FuzzValueParserAgreesWithEncodingJSON: what Value's own parser accepts,
// encoding/json accepts too (with unknown fields refused), as the same
// value.
func FuzzValueParserAgreesWithEncodingJSON(f *testing.F) {
	for _, s := range []string{
		`{"t":"tuple","items":[{"t":"int","v":"1"},{"t":"str","v":"a\"\\u00e9\n"}]}`,
		`{"t":"dataclass","type":"m.R","fields":[{"name":"a","value":{"t":"none"}},{"value":{"t":"bool","v":"True"},"name":"b"}]}`,
		`{"t":"dict","entries":[{"key":{"t":"str","v":"k"},"value":{"t":"float","v":"-0.0"}}]}`,
		` { "t" : "list" , "items" : [ ] } `, `{"t":"set","items":null}`, `{}`, `{"t":"x","t":"y"}`, `{"t":"\ud800"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var mine pybridge.Value
		if err := json.Unmarshal(data, &mine); err != nil {
			return
		}
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		var theirs plainValue
		if err := dec.Decode(&theirs); err != nil {
			t.Fatalf("%q: the value parser accepts what encoding/json refuses: %v", data, err)
		}
		if got, want := mine.Python(), theirs.python(); got != want {
			t.Fatalf("%q: the value parser reads %s, encoding/json %s", data, got, want)
		}
	})
}
