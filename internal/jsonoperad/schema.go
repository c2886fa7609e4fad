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
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
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
	msg := leaf.ErrorKind.LocalizedString(english)
	if alt := alternatives(ve); alt != nil {
		leaf, msg = alt.node, alt.msg
	}
	ptr := ""
	for _, p := range leaf.InstanceLocation {
		ptr += "/" + ptrEscape(p)
	}
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

type alternative struct {
	node *jsonschema.ValidationError
	msg  string
}

// alternatives explains a "oneOf" that failed because a value has none,
// or more than one, of the members that tell its alternatives apart (an
// operation needs exactly one of expr, table, derived; a law is either a
// standard law or an equation), rather than naming the first missing
// member of the first alternative.
func alternatives(e *jsonschema.ValidationError) *alternative {
	if one, ok := e.ErrorKind.(*kind.OneOf); ok {
		var missing []string
		allRequired := len(e.Causes) > 0
		for _, c := range e.Causes {
			r, ok := c.ErrorKind.(*kind.Required)
			if !ok {
				allRequired = false
				break
			}
			missing = append(missing, strings.Join(r.Missing, " and "))
		}
		switch {
		case one.Subschemas == nil && allRequired:
			return &alternative{e, "expected exactly one of: " + strings.Join(missing, "; or ")}
		case len(one.Subschemas) > 1:
			return &alternative{e, "matches more than one form; give only the members of one"}
		}
	}
	for _, c := range e.Causes {
		if a := alternatives(c); a != nil {
			return a
		}
	}
	return nil
}
