package pyjson

import (
	"encoding/json"
	"testing"
	"time"
)

func TestAppendStringHTMLWritesWhatJSONMarshalWrites(t *testing.T) {
	for _, s := range []string{"", "plain", "<&>", `a\u0008"<`, "\b\f\n\r\t\x00\x1f", "\\b", "é€😀\u2028", "bad\xff<"} {
		want, _ := json.Marshal(s)
		if got := AppendStringHTML([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("AppendStringHTML(%q) = %s, want x%s", s, got, want)
		}
	}
}

func FuzzAppendStringHTML(f *testing.F) {
	for _, s := range []string{"", "<", "\b\\f", "\xff&", "\u2029>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendStringHTML(nil, s); string(got) != string(want) {
			t.Fatalf("AppendStringHTML(%q) = %s, want %s", s, got, want)
		}
	})
}

func TestAppendPieces(t *testing.T) {
	b := AppendStrings(nil, []string{"a", "<b>"}, AppendString)
	b = AppendStrings(b, nil, AppendStringHTML)
	b = AppendStrings(b, []string{"<"}, AppendStringHTML)
	b = AppendTimestamp(b, time.Date(2025, 12, 20, 10, 0, 0, 1000, time.UTC))
	if want := `["a","<b>"][]["\u003c"]"2025-12-20T10:00:00.000001"`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}
