package pyjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// describe is a report function that spells every part of a problem.
func describe(p Problem) error {
	return fmt.Errorf("%s|%s|%s|%v", p.Field, p.Value, p.Want, p.Err)
}

func TestReaderGettersTakeDefaultsAndKeepTheFirstProblem(t *testing.T) {
	r, serr := Open([]byte(`{"s": "a\u00e9", "n": null, "b": false, "i": -3, "x": 1.5e3, "t": "2025-12-20 10:00:00Z",
		"o": {"k": "v"}, "l": [{"k": 1}, 2], "ss": ["a", "b"], "id": "x", "id": "y"}`), "top", describe)
	if serr != nil || r.Err() != nil {
		t.Fatal(serr, r.Err())
	}
	if got := r.String("s", "d"); got != "aé" {
		t.Errorf("String = %q", got)
	}
	if got := r.String("absent", "d"); got != "d" {
		t.Errorf("String of an absent key = %q, want the default", got)
	}
	if got, ok := r.OptString("n"); got != "" || ok {
		t.Errorf("OptString of null = %q, %v", got, ok)
	}
	if got, _ := r.OptString("id"); got != "y" {
		t.Errorf("a key given twice reads %q, want its last value", got)
	}
	if r.Bool("b", true) || !r.Bool("absent", true) || r.Int("i", 0, "int") != -3 || r.Int("absent", 7, "int") != 7 {
		t.Error("Bool or Int wrong")
	}
	if lit, ok := r.Number("x"); lit != "1.5e3" || !ok {
		t.Errorf("Number = %q, %v", lit, ok)
	}
	if ts, ok := r.Time("t"); !ok || !ts.Equal(time.Date(2025, 12, 20, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("Time = %v, %v", ts, ok)
	}
	if ss, ok := r.Strings("ss"); !ok || strings.Join(ss, ",") != "a,b" {
		t.Errorf("Strings = %q, %v", ss, ok)
	}
	o, ok := r.Object("o")
	if !ok || o.String("k", "") != "v" || o.Field("k") != "o.k" || o.Path() != "o" {
		t.Error("Object wrong")
	}
	if r.Err() != nil {
		t.Fatalf("a problem where there is none: %v", r.Err())
	}
	items, _ := r.List("l", "want a list")
	it, ok := r.Item("l", 0, items[0])
	if !ok {
		t.Fatal("item 0 not an object")
	}
	it.String("k", "")       // the first problem, and the one kept
	r.Item("l", 1, items[1]) // a second one, dropped
	r.Require("absent")      // a third
	if got := r.Err().Error(); got != "l[0].k|1|want a string|<nil>" {
		t.Errorf("kept %q, want the first problem", got)
	}
}

func TestReaderReportsEachKindOfProblem(t *testing.T) {
	for _, tc := range []struct {
		in   string
		read func(r *Reader)
		want string
	}{
		{`{}`, func(r *Reader) { r.Require("id") }, "id|||missing required field"},
		{`{"id": null}`, func(r *Reader) { r.String("id", "") }, "id|null|want a string|<nil>"},
		{`{"id": 1}`, func(r *Reader) { r.OptString("id") }, "id|1|want a string|<nil>"},
		{`{"b": null}`, func(r *Reader) { r.Bool("b", true) }, "b|null|want true or false|<nil>"},
		{`{"i": 1.0}`, func(r *Reader) { r.Int("i", 0, "want an int") }, "i|1.0|want an int|<nil>"},
		{`{"x": "1"}`, func(r *Reader) { r.Number("x") }, `x|"1"|want a number|<nil>`},
		{`{"t": null}`, func(r *Reader) { r.Time("t") }, "t|null|want a string|<nil>"},
		{`{"t": "2025"}`, func(r *Reader) { r.OptTime("t") }, `t|"2025"||not an ISO 8601 timestamp: "2025" (` + TimestampForms + `)`},
		{`{"o": []}`, func(r *Reader) { r.Object("o") }, "o|[]|want an object|<nil>"},
		{`{"l": {}}`, func(r *Reader) { r.List("l", "want a list") }, "l|{}|want a list|<nil>"},
		{`{"ss": ["a", null]}`, func(r *Reader) { r.Strings("ss") }, "ss[1]|null|want a string|<nil>"},
		{`{"ss": "a"}`, func(r *Reader) { r.Strings("ss") }, `ss|"a"|want a list of strings|<nil>`},
		{`[1]`, func(r *Reader) {}, "top|[1]|want an object|<nil>"},
		{`null`, func(r *Reader) {}, "top|null|want an object|<nil>"},
	} {
		r, serr := Open([]byte(tc.in), "top", describe)
		if serr != nil {
			t.Fatalf("%s: %v", tc.in, serr)
		}
		tc.read(r)
		if r.Err() == nil || r.Err().Error() != tc.want {
			t.Errorf("%s: got %v, want %s", tc.in, r.Err(), tc.want)
		}
	}
	if _, serr := Open([]byte("{\n\"a\": NaN}"), "top", describe); serr == nil || serr.Line != 2 || serr.Column != 6 || serr.Hint == "" {
		t.Errorf("syntax error placed at %+v, want line 2 column 6 with a hint", serr)
	}
}

// FuzzReader: any input is a syntax error with a place, or a reader whose
// getters, called on every key, report problems through the report
// function and never panic.
func FuzzReader(f *testing.F) {
	for _, s := range []string{`{}`, `null`, `[1]`, "", `{"a": "x", "b": [1, "y", null], "c": {"d": 1.5e3}, "e": true, "f": "2025-12-20T10:00:00"}`,
		`{"a": "\u00e9\\", "a": -0, "b": [{"k": null}, 2], "c": "2025-12-20 10:00:00+02:00"}`, "{\n\"a\": NaN}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		reported := 0
		r, serr := Open(data, "top", func(p Problem) error { reported++; return errors.New(p.Field) })
		if serr != nil {
			if serr.Line < 1 || serr.Column < 1 {
				t.Fatalf("syntax error without a place: %+v", serr)
			}
			return
		}
		for k, raw := range r.All() {
			if raw == nil {
				t.Fatalf("key %q without a value", k)
			}
			r.String(k, "")
			r.OptString(k)
			r.Strings(k)
			r.Bool(k, false)
			r.Int(k, 0, "want an int")
			r.Number(k)
			r.Time(k)
			r.OptTime(k)
			if o, ok := r.Object(k); ok {
				for k2 := range o.All() {
					o.String(k2, "")
				}
			}
			items, _ := r.List(k, "want a list")
			for i, it := range items {
				r.Item(k, i, it)
			}
		}
		if (r.Err() != nil) != (reported > 0) || reported > 1 {
			t.Fatalf("%d problems reported, error %v: want the first one kept", reported, r.Err())
		}
		if !json.Valid(data) {
			t.Fatal("Open accepted input that is not JSON")
		}
	})
}

// A decoder reads its fields as a list, then checks for the first problem.
func ExampleReader() {
	type gate struct {
		Trigger   string
		Threshold int
	}
	report := func(p Problem) error {
		if p.Want != "" {
			return fmt.Errorf("field %s: %s, got %s", p.Field, p.Want, p.Value)
		}
		return fmt.Errorf("field %s: %w", p.Field, p.Err)
	}
	for _, in := range []string{`{"trigger": "git_push", "threshold": 3}`, `{"trigger": "git_push", "threshold": "3"}`, `{"threshold": 1}`} {
		r, serr := Open([]byte(in), "gate", report)
		if serr != nil {
			fmt.Println(serr)
			continue
		}
		var g gate
		if r.Require("trigger") {
			g.Trigger = r.String("trigger", "")
		}
		g.Threshold = r.Int("threshold", 1, "want an integer")
		if err := r.Err(); err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%+v\n", g)
	}
	// Output:
	// {Trigger:git_push Threshold:3}
	// field threshold: want an integer, got "3"
	// field trigger: missing required field
}
