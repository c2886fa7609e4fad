package lawsexample

import (
	"fmt"
	"strings"

	"github.com/kgents/kgents-core/generators"
)

// Template is a string with holes "_": an operation whose arity is its
// number of holes. Filling hole i of f with g (f ∘ᵢ g) gives a template
// whose holes are f's first i-1, then g's, then f's others: an operad,
// with "_" as its identity.
type Template string

// Templates is the operad of templates.
type Templates struct{}

// Arity is the number of holes.
func (Templates) Arity(f Template) int { return strings.Count(string(f), "_") }

// Identity is the template with one hole and nothing else.
func (Templates) Identity() Template { return "_" }

// Compose fills hole i (from 1) of f with g.
func (Templates) Compose(f Template, i int, g Template) (Template, error) {
	parts := strings.Split(string(f), "_")
	if i < 1 || i >= len(parts) {
		return "", fmt.Errorf("template %q has no hole %d", f, i)
	}
	left := strings.Join(parts[:i], "_")
	right := strings.Join(parts[i:], "_")
	return Template(left + string(g) + right), nil
}

// TemplateGen is a custom generator: it draws a template as a sequence of
// pieces, each a hole or a word. Every choice comes from the Source, so
// both engines shrink templates (towards fewer pieces, then holes, then
// the first word).
func TemplateGen() generators.Gen[Template] {
	words := []string{"a", "b", "hello", " "}
	return generators.Custom("TemplateGen", func(s *generators.Source) Template {
		var b strings.Builder
		n := int(s.Choose(6)) // pieces; 0 is the simplest
		for range n {
			if k := s.Choose(uint64(len(words))); k == 0 {
				b.WriteString("_")
			} else {
				b.WriteString(words[k-1])
			}
		}
		return Template(b.String())
	})
}
