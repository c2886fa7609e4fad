package laws

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/kgents/kgents-core/generators"
)

// Mining the constants of the code under test, as Hypothesis does: bugs
// confined to one value (x == 7777) or a small region (both arguments in
// [100, 200]) are out of reach of random inputs, but the values that
// delimit them are literals of the code. A law remembers where it was
// built (the first caller outside this package); at its first run the Go
// files of that directory are parsed once, and their integer, float and
// string literals, with the neighbours ±1 of the integers, become the
// constants of special cases (see generators.Source.SpecialCase): "near"
// ones from the declaration that built the law, "far" ones from the whole
// package.

// maxConstants bounds each list of mined constants.
const maxConstants = 256

// callerOrigin returns the file:line of the first caller outside package
// laws (and the runtime), or "" when there is none.
func callerOrigin() string {
	pcs := make([]uintptr, 16)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if f.File != "" && !strings.HasPrefix(f.Function, "runtime.") && !inLawsPackage(f.Function) {
			return f.File + ":" + strconv.Itoa(f.Line)
		}
		if !more {
			return ""
		}
	}
}

func inLawsPackage(fn string) bool {
	const pkg = "github.com/kgents/kgents-core/laws."
	return strings.HasPrefix(fn, pkg)
}

var mined struct {
	mu      sync.Mutex
	byDir   map[string]*packageLiterals
	byPlace map[string][2]*generators.Constants
}

// packageLiterals are the literals of one directory's Go files.
type packageLiterals struct {
	all   literals
	decls []declLiterals
}

type declLiterals struct {
	file       string
	start, end int // lines
	lits       literals
}

type literals struct {
	ints    []int64
	floats  []float64
	strings []string
}

// constantsOf returns the near and far constants for a law built at
// origin (file:line); both nil when the source cannot be read.
func constantsOf(origin string) (near, far *generators.Constants) {
	if origin == "" {
		return nil, nil
	}
	mined.mu.Lock()
	defer mined.mu.Unlock()
	if c, ok := mined.byPlace[origin]; ok {
		return c[0], c[1]
	}
	i := strings.LastIndexByte(origin, ':')
	file, line := origin[:i], 0
	fmt.Sscan(origin[i+1:], &line)
	dir := filepath.Dir(file)
	if mined.byDir == nil {
		mined.byDir = map[string]*packageLiterals{}
		mined.byPlace = map[string][2]*generators.Constants{}
	}
	pl, ok := mined.byDir[dir]
	if !ok {
		pl = mineDir(dir)
		mined.byDir[dir] = pl
	}
	if pl != nil {
		for _, d := range pl.decls {
			if d.file == file && d.start <= line && line <= d.end {
				near = d.lits.constants()
				break
			}
		}
		far = pl.all.constants()
	}
	mined.byPlace[origin] = [2]*generators.Constants{near, far}
	return near, far
}

// mineDir parses the Go files of dir (tests included: an instance built
// in a test is tested code) and collects their literals.
func mineDir(dir string) *packageLiterals {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	pl := &packageLiterals{}
	fset := token.NewFileSet()
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, decl := range f.Decls {
			d := declLiterals{file: path, start: fset.Position(decl.Pos()).Line, end: fset.Position(decl.End()).Line}
			ast.Inspect(decl, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.UnaryExpr:
					if lit, ok := x.X.(*ast.BasicLit); ok && x.Op == token.SUB {
						d.lits.add(lit, true)
						return false
					}
				case *ast.BasicLit:
					d.lits.add(x, false)
				}
				return true
			})
			pl.decls = append(pl.decls, d)
			pl.all.ints = append(pl.all.ints, d.lits.ints...)
			pl.all.floats = append(pl.all.floats, d.lits.floats...)
			pl.all.strings = append(pl.all.strings, d.lits.strings...)
		}
	}
	return pl
}

func (l *literals) add(lit *ast.BasicLit, negative bool) {
	switch lit.Kind {
	case token.INT:
		v, err := strconv.ParseInt(lit.Value, 0, 64)
		if err != nil {
			return
		}
		if negative {
			v = -v
		}
		l.ints = append(l.ints, v)
		l.floats = append(l.floats, float64(v))
	case token.FLOAT:
		v, err := strconv.ParseFloat(strings.ReplaceAll(lit.Value, "_", ""), 64)
		if err != nil {
			return
		}
		if negative {
			v = -v
		}
		l.floats = append(l.floats, v)
	case token.STRING:
		if v, err := strconv.Unquote(lit.Value); err == nil && len(v) <= 64 {
			l.strings = append(l.strings, v)
		}
	}
}

// constants makes the generator constants of l: each distinct integer,
// then the neighbours ±1 of each; the distinct floats; the distinct
// strings; each list at most maxConstants long. Trivial values (0, ±1,
// ±2, "") are left out: every special case draws them as boundaries.
func (l literals) constants() *generators.Constants {
	c := &generators.Constants{}
	seenI := map[int64]bool{-2: true, -1: true, 0: true, 1: true, 2: true}
	addI := func(v int64) {
		if !seenI[v] && len(c.Ints) < maxConstants {
			seenI[v] = true
			c.Ints = append(c.Ints, v)
		}
	}
	for _, v := range l.ints {
		addI(v)
	}
	for _, v := range l.ints {
		if v != math.MinInt64 {
			addI(v - 1)
		}
		if v != math.MaxInt64 {
			addI(v + 1)
		}
	}
	seenF := map[float64]bool{0: true, 1: true, -1: true}
	for _, v := range l.floats {
		if !seenF[v] && len(c.Floats) < maxConstants {
			seenF[v] = true
			c.Floats = append(c.Floats, v)
		}
	}
	seenS := map[string]bool{"": true}
	for _, v := range l.strings {
		if !seenS[v] && len(c.Strings) < maxConstants {
			seenS[v] = true
			c.Strings = append(c.Strings, v)
		}
	}
	if c.Empty() {
		return nil
	}
	return c
}
