package term

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrSyntax is matched (with errors.Is) by every [*ParseError].
var ErrSyntax = errors.New("term: syntax error")

// ParseError reports where a term or an equation failed to parse and what
// was expected there. Line and Col are 1-based; Col counts runes.
type ParseError struct {
	Line, Col int
	Offset    int      // byte offset in the input
	Found     string   // what is at that place, quoted, or "end of input"
	Expected  []string // what would have been accepted
	Msg       string   // a message replacing "expected ..., found ..." when set
}

// Error prints "line:col: expected …, found …".
func (e *ParseError) Error() string {
	if e.Msg != "" {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%d:%d: expected %s, found %s", e.Line, e.Col, orList(e.Expected), e.Found)
}

// Is makes errors.Is(err, ErrSyntax) true.
func (e *ParseError) Is(target error) bool { return target == ErrSyntax }

func orList(xs []string) string {
	switch len(xs) {
	case 0:
		return "nothing"
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// Parse reads one term. Identifiers are variables unless followed by an
// argument list: seq(a, b) applies seq to the variables a and b, and id()
// applies the nullary operation id. Literals are integers (int64), floats
// (float64, with a '.' or an exponent), Go-quoted strings, true and false.
// Identifiers are letters, digits, '_' and '.', starting with a letter or
// '_'.
func Parse(s string) (*Term, error) {
	p := &parser{src: s, line: 1, col: 1}
	t, err := p.term()
	if err != nil {
		return nil, err
	}
	if err := p.end(); err != nil {
		return nil, err
	}
	return t, nil
}

// ParseEquation reads an equation "lhs = rhs".
func ParseEquation(s string) (Equation, error) {
	p := &parser{src: s, line: 1, col: 1}
	lhs, err := p.term()
	if err != nil {
		return Equation{}, err
	}
	p.space()
	if p.peek() != '=' {
		return Equation{}, p.errorf("'='")
	}
	p.next()
	rhs, err := p.term()
	if err != nil {
		return Equation{}, err
	}
	if err := p.end(); err != nil {
		return Equation{}, err
	}
	return Equation{LHS: lhs, RHS: rhs}, nil
}

// MustParse is Parse for terms known to be valid; it panics on error.
func MustParse(s string) *Term {
	t, err := Parse(s)
	if err != nil {
		panic(fmt.Sprintf("term.MustParse(%q): %v", s, err))
	}
	return t
}

// MustParseEquation is ParseEquation for equations known to be valid; it
// panics on error.
func MustParseEquation(s string) Equation {
	e, err := ParseEquation(s)
	if err != nil {
		panic(fmt.Sprintf("term.MustParseEquation(%q): %v", s, err))
	}
	return e
}

const maxNesting = 10000

type parser struct {
	src       string
	off       int
	line, col int
	depth     int
}

func (p *parser) peek() rune {
	if p.off >= len(p.src) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.off:])
	return r
}

func (p *parser) next() rune {
	r, n := utf8.DecodeRuneInString(p.src[p.off:])
	p.off += n
	if r == '\n' {
		p.line++
		p.col = 1
	} else {
		p.col++
	}
	return r
}

func (p *parser) space() {
	for p.off < len(p.src) && unicode.IsSpace(p.peek()) {
		p.next()
	}
}

func (p *parser) found() string {
	if p.off >= len(p.src) {
		return "end of input"
	}
	r := p.peek()
	if r == utf8.RuneError {
		return "invalid UTF-8"
	}
	return strconv.QuoteRune(r)
}

func (p *parser) errorf(expected ...string) *ParseError {
	return &ParseError{Line: p.line, Col: p.col, Offset: p.off, Found: p.found(), Expected: expected}
}

func (p *parser) end() error {
	p.space()
	if p.off < len(p.src) {
		return p.errorf("end of input")
	}
	return nil
}

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isIdentPart(r rune) bool {
	return r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func (p *parser) term() (*Term, error) {
	p.space()
	r := p.peek()
	switch {
	case isIdentStart(r):
		return p.identTerm()
	case r == '-' || r == '+' || (r >= '0' && r <= '9'):
		return p.number()
	case r == '"' || r == '`':
		return p.str()
	}
	return nil, p.errorf("a term (a name, a number or a string)")
}

func (p *parser) identTerm() (*Term, error) {
	start := p.off
	for p.off < len(p.src) && isIdentPart(p.peek()) {
		p.next()
	}
	name := p.src[start:p.off]
	if name == "true" || name == "false" {
		return Constant(name == "true"), nil
	}
	save := *p
	p.space()
	if p.peek() != '(' {
		*p = save
		return Variable(name), nil
	}
	p.next()
	p.depth++
	if p.depth > maxNesting {
		return nil, &ParseError{Line: p.line, Col: p.col, Offset: p.off, Msg: fmt.Sprintf("terms nest more than %d deep", maxNesting)}
	}
	defer func() { p.depth-- }()
	var args []*Term
	p.space()
	if p.peek() == ')' {
		p.next()
		return Apply(name), nil
	}
	for {
		a, err := p.term()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		p.space()
		switch p.peek() {
		case ',':
			p.next()
		case ')':
			p.next()
			return Apply(name, args...), nil
		default:
			return nil, p.errorf("','", "')'")
		}
	}
}

func (p *parser) number() (*Term, error) {
	startLine, startCol, start := p.line, p.col, p.off
	if r := p.peek(); r == '-' || r == '+' {
		p.next()
	}
	if r := p.peek(); r < '0' || r > '9' {
		return nil, p.errorf("a digit")
	}
	isFloat := false
	for p.off < len(p.src) {
		r := p.peek()
		switch {
		case r >= '0' && r <= '9':
		case r == '.' || r == 'e' || r == 'E':
			isFloat = true
		case (r == '-' || r == '+') && (p.src[p.off-1] == 'e' || p.src[p.off-1] == 'E'):
		default:
			goto done
		}
		p.next()
	}
done:
	text := p.src[start:p.off]
	bad := func(err error) error {
		return &ParseError{Line: startLine, Col: startCol, Offset: start, Msg: fmt.Sprintf("bad number %q: %v", text, errors.Unwrap(err))}
	}
	if isFloat {
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, bad(err)
		}
		return Constant(f), nil
	}
	i, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return nil, bad(err)
	}
	return Constant(i), nil
}

func (p *parser) str() (*Term, error) {
	startLine, startCol, start := p.line, p.col, p.off
	quote := p.next()
	for {
		if p.off >= len(p.src) {
			return nil, &ParseError{Line: startLine, Col: startCol, Offset: start, Found: "end of input", Expected: []string{"a closing " + string(quote)}}
		}
		r := p.next()
		if r == '\\' && quote == '"' && p.off < len(p.src) {
			p.next()
			continue
		}
		if r == quote {
			break
		}
	}
	s, err := strconv.Unquote(p.src[start:p.off])
	if err != nil {
		return nil, &ParseError{Line: startLine, Col: startCol, Offset: start, Msg: fmt.Sprintf("bad string literal %s: %v", p.src[start:p.off], err)}
	}
	return Constant(s), nil
}
