package jsonoperad

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Schema is the JSON Schema (draft 2020-12) of the operad format, version
// 1. Load validates every file against it before reading it further.
//
//go:embed schema.json
var Schema []byte

const schemaURL = "https://kgents.dev/schemas/lawcheck-operad-v1.json"

var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, err
	}
	return c.Compile(schemaURL)
})

var english = message.NewPrinter(language.English)

// validate checks v against Schema and turns the first violation, the
// deepest one in the file, into an *Error at its place.
func (s *source) validate(v any) error {
	sch, err := compiledSchema()
	if err != nil {
		return fmt.Errorf("jsonoperad: the embedded schema does not compile: %w", err)
	}
	err = sch.Validate(v)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return s.errAt(0, err, "%v", err)
	}
	leaf := deepest(ve)
	ptr := ""
	for _, p := range leaf.InstanceLocation {
		ptr += "/" + ptrEscape(p)
	}
	msg := leaf.ErrorKind.LocalizedString(english)
	where := "the operad"
	if ptr != "" {
		where = strings.Join(leaf.InstanceLocation, ".")
	}
	return s.errPtr(ptr, ErrSchema, "%s: %s", where, msg)
}

// ErrSchema is wrapped by the error of a file that violates Schema.
var ErrSchema = errors.New("jsonoperad: schema violation")

// deepest returns the violation furthest into the document, preferring
// causes that are not "oneOf"/"allOf" summaries, so that the message says
// what is wrong rather than which alternative did not match.
func deepest(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return e
	}
	var leaves []*jsonschema.ValidationError
	var walk func(*jsonschema.ValidationError)
	walk = func(v *jsonschema.ValidationError) {
		if len(v.Causes) == 0 {
			leaves = append(leaves, v)
			return
		}
		for _, c := range v.Causes {
			walk(c)
		}
	}
	walk(e)
	sort.SliceStable(leaves, func(i, j int) bool {
		return len(leaves[i].InstanceLocation) > len(leaves[j].InstanceLocation)
	})
	return leaves[0]
}
