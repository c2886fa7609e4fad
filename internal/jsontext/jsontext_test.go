package jsontext

import (
	"bytes"
	"encoding/json"
	"testing"
)

// encodingJSON is the reference: encoding/json with HTML escaping off.
func encodingJSON(s string) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(s); err != nil {
		panic(err)
	}
	return longBF(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// longBF spells the escapes \b and \f as \u0008 and \u000c, the one
// documented difference, reading escapes in pairs so that an escaped
// backslash followed by a letter b stays as it is.
func longBF(in []byte) string {
	var out []byte
	for i := 0; i < len(in); i++ {
		if in[i] != '\\' || i+1 == len(in) {
			out = append(out, in[i])
			continue
		}
		i++
		switch in[i] {
		case 'b':
			out = append(out, `\u0008`...)
		case 'f':
			out = append(out, `\u000c`...)
		default:
			out = append(out, '\\', in[i])
		}
	}
	return string(out)
}

func TestAppendStringWritesWhatEncodingJSONWrites(t *testing.T) {
	for _, s := range []string{"", "plain", `q"b\s`, "\n\r\t\x00\x1f", "\b\f", "<&>", "é€😀", "\u2028\u2029", "bad\xffutf8", "\xed\xa0\x80"} {
		if got, want := string(AppendString(nil, s)), encodingJSON(s); got != want {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\x00", "\u2028", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(AppendString([]byte("x"), s)), "x"+encodingJSON(s); got != want {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
	})
}
