package jsonoperad

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"sort"
	"strconv"
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
	// An unknown member comes first: a misspelt "exp" also leaves the
	// operation without "expr", and the spelling is what to fix.
	if um := find[*kind.AdditionalProperties](ve); um != nil {
		name := um.ErrorKind.(*kind.AdditionalProperties).Properties[0]
		members := schemaMembers(um.SchemaURL)
		return s.errKey(pointer(um)+"/"+ptrEscape(name), ErrSchema, "%s: unknown member %q %s", where(um), name, known(name, "members", members))
	}
	leaf := deepest(ve)
	msg := leaf.ErrorKind.LocalizedString(english)
	if alt := alternatives(ve); alt != nil {
		leaf, msg = alt.node, alt.msg
	} else if en, ok := leaf.ErrorKind.(*kind.Enum); ok {
		if got, ok := en.Got.(string); ok {
			var wants []string
			for _, w := range en.Want {
				if ws, ok := w.(string); ok {
					wants = append(wants, ws)
				}
			}
			if c := closest(got, wants); c != "" {
				msg = fmt.Sprintf("%q is not allowed; did you mean %s? (%s)", got, c, msg)
			}
		}
	}
	return s.errPtr(pointer(leaf), ErrSchema, "%s: %s", where(leaf), msg)
}

// pointer returns the JSON pointer of the value a violation is about.
func pointer(e *jsonschema.ValidationError) string {
	ptr := ""
	for _, p := range e.InstanceLocation {
		ptr += "/" + ptrEscape(p)
	}
	return ptr
}

// where names the value a violation is about: "operations.add".
func where(e *jsonschema.ValidationError) string {
	if len(e.InstanceLocation) == 0 {
		return "the operad"
	}
	return strings.Join(e.InstanceLocation, ".")
}

// find returns the first violation of kind K in the tree of e, or nil.
func find[K jsonschema.ErrorKind](e *jsonschema.ValidationError) *jsonschema.ValidationError {
	if _, ok := e.ErrorKind.(K); ok {
		return e
	}
	for _, c := range e.Causes {
		if f := find[K](c); f != nil {
			return f
		}
	}
	return nil
}

var schemaDoc = sync.OnceValue(func() any {
	doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	return doc
})

// schemaNode returns the schema object at url (a location in Schema), or
// nil.
func schemaNode(url string) map[string]any {
	_, frag, _ := strings.Cut(url, "#")
	node := schemaDoc()
	for _, p := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if p == "" {
			continue
		}
		p = strings.NewReplacer("~1", "/", "~0", "~").Replace(p)
		switch n := node.(type) {
		case map[string]any:
			node = n[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(n) {
				return nil
			}
			node = n[i]
		default:
			return nil
		}
	}
	m, _ := node.(map[string]any)
	return m
}

// schemaMembers returns the members that the schema at url (a location in
// Schema) allows, in alphabetical order.
func schemaMembers(url string) []string {
	props, _ := schemaNode(url)["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
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
		case one.Subschemas == nil:
			// An alternative that failed on a "not" was ruled out by a
			// member the value has (an equation is not a standard law):
			// when one alternative is left, its failure is the one to fix.
			var left []*jsonschema.ValidationError
			for _, c := range e.Causes {
				if find[*kind.Not](c) == nil {
					left = append(left, c)
				}
			}
			if len(left) == 1 {
				leaf := deepest(left[0])
				return &alternative{leaf, leaf.ErrorKind.LocalizedString(english)}
			}
			if len(left) == 0 {
				// Every form was ruled out: the value mixes their members.
				var forms []string
				for _, c := range e.Causes {
					if req := schemaNode(c.SchemaURL)["required"]; req != nil {
						var names []string
						for _, r := range req.([]any) {
							names = append(names, fmt.Sprint(r))
						}
						forms = append(forms, strings.Join(names, " and "))
					}
				}
				return &alternative{e, "mixes the members of different forms; give either " + strings.Join(forms, ", or ") + ", not members of both"}
			}
		}
	}
	for _, c := range e.Causes {
		if a := alternatives(c); a != nil {
			return a
		}
	}
	return nil
}
