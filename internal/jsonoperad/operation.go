package jsonoperad

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"github.com/kgents/kgents-core/laws/term"
	"github.com/kgents/kgents-core/operads/agent"
)

// operation is one operation of an operad file and its meaning: an
// expression, a finite table, or a term over other operations.
type operation struct {
	name string
	ptr  string
	decl term.Operation
	// argSorts[i] is the sort of argument i (the last repeats); empty
	// when the operation is untyped.
	argSorts []*Sort
	result   *Sort
	params   []string

	agentOp *agent.Operation
	leaf    *Leaf // for the constant of an agent
	program *vm.Program
	states  sync.Pool // of *exprState: a VM and an environment, reused
	table   map[string]any
	index   []map[any]int // per argument, each value's position in its sort
	flat    []any         // the table in enumeration order, when index is set
	body    *term.Term

	identity, zero       any
	hasIdentity, hasZero bool
	inverse              string
	// lits are the literals of the meaning, identity and zero.
	lits literals

	o *Operad
}

// ErrUndefinedOp is wrapped by the error of an operation that has no
// value for its arguments: a runtime error of its expression, a result
// outside its sort, arguments missing from its table.
var ErrUndefinedOp = errors.New("jsonoperad: operation undefined")

// exprState is what one evaluation of an expression needs; operations
// keep them in a pool so that evaluating allocates only the result.
type exprState struct {
	vm    vm.VM
	env   map[string]any
	plain []any
	boxed int // the length of plain when env["args"] was set; -1 before
}

func (op *operation) argSort(i int) *Sort {
	if len(op.argSorts) == 0 {
		return nil
	}
	return op.argSorts[min(i, len(op.argSorts)-1)]
}

func (op *operation) apply(args []any) (any, error) {
	switch {
	case op.leaf != nil:
		return *op.leaf, nil
	case op.agentOp != nil:
		return op.applyAgent(args)
	case op.program != nil:
		st, _ := op.states.Get().(*exprState)
		if st == nil {
			st = &exprState{env: make(map[string]any, len(op.params)+1), boxed: -1}
		}
		st.plain = st.plain[:0]
		for _, a := range args {
			st.plain = append(st.plain, toExpr(a))
		}
		for i, p := range op.params {
			st.env[p] = st.plain[i]
		}
		if len(st.plain) != st.boxed {
			// Boxing the slice allocates; its array is reused, so only a
			// change of length needs a new box.
			st.env["args"] = st.plain
			st.boxed = len(st.plain)
		}
		out, err := st.vm.Run(op.program, st.env)
		// The result never aliases the state: lists are copied into a new
		// List below, by fromExpr or by the sort's check.
		if err != nil {
			op.states.Put(st)
			msg := err.Error()
			var fe *file.Error
			if errors.As(err, &fe) {
				// Without expr's snippet of the expression: the report
				// shows the operation and its arguments.
				msg = fe.Message
			}
			return nil, fmt.Errorf("%w: %s%s: %s", ErrUndefinedOp, op.name, formatValue(List(args)), oneLine(msg))
		}
		if op.result == nil {
			out = fromExpr(out)
			op.states.Put(st)
			return out, nil
		}
		v, err := op.result.check(out)
		op.states.Put(st)
		if err != nil {
			return nil, fmt.Errorf("%w: %s%s: %v", ErrUndefinedOp, op.name, formatValue(List(args)), err)
		}
		return v, nil
	case op.flat != nil:
		i := 0
		for j, a := range args {
			k, ok := op.index[j][a]
			if !ok {
				return nil, fmt.Errorf("%w: %s has no table entry for %s", ErrUndefinedOp, op.name, formatValue(List(args)))
			}
			i = i*len(op.index[j]) + k
		}
		return op.flat[i], nil
	case op.table != nil:
		v, ok := op.table[tableKey(args)]
		if !ok {
			return nil, fmt.Errorf("%w: %s has no table entry for %s", ErrUndefinedOp, op.name, formatValue(List(args)))
		}
		return v, nil
	case op.body != nil:
		env := make(map[string]any, len(op.params))
		for i, p := range op.params {
			env[p] = args[i]
		}
		return op.o.alg.Eval(op.body, env)
	}
	return nil, fmt.Errorf("%w: %s has no meaning", ErrUndefinedOp, op.name)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// toExpr turns a value into what expressions see: a List is a []any.
func toExpr(v any) any {
	if l, ok := v.(List); ok {
		out := make([]any, len(l))
		for i, e := range l {
			out[i] = toExpr(e)
		}
		return out
	}
	return v
}

func fromExpr(v any) any {
	if l, ok := v.([]any); ok {
		out := make(List, len(l))
		for i, e := range l {
			out[i] = fromExpr(e)
		}
		return out
	}
	return v
}

func tableKey(args []any) string { return formatValue(List(args)) }

var defaultParams = [][]string{{}, {"x"}, {"x", "y"}, {"x", "y", "z"}}

func (o *Operad) loadOperations(m map[string]any) error {
	names := o.inOrder("/operations", m)
	var decls []term.Operation
	for _, name := range names {
		ptr := "/operations/" + ptrEscape(name)
		op, err := o.declare(name, ptr, obj(m[name]))
		if err != nil {
			return err
		}
		o.ops[name] = op
		decls = append(decls, op.decl)
	}
	// Each agent of the file is also a constant: the nullary operation of
	// its name (flip()), so that equations can name it.
	for _, name := range o.agentOrder {
		if _, taken := o.ops[name]; taken {
			continue
		}
		if op := o.agentConstant(name); op != nil {
			o.ops[name] = op
			decls = append(decls, op.decl)
		}
	}
	sig, err := term.NewSignature(decls...)
	if err != nil {
		return o.src.errPtr("/operations", fmt.Errorf("%w: %w", ErrInvalid, err), "%v", err)
	}
	o.sig = sig
	for _, name := range names {
		op := o.ops[name]
		d := obj(m[name])
		if op.leaf != nil {
			continue
		}
		var err error
		switch {
		case d["expr"] != nil:
			err = op.compileExpr(d["expr"].(string))
		case d["table"] != nil:
			err = op.loadTable(d["table"].([]any))
		case d["derived"] != nil:
			err = op.loadDerived(d["derived"].(string))
		default:
			err = op.loadAgentOp(d["agent"].(string))
		}
		if err != nil {
			return err
		}
		if err := op.loadAlgebraic(d); err != nil {
			return err
		}
	}
	if err := o.checkRecursion(names); err != nil {
		return err
	}
	o.alg = o.algebra()
	return nil
}

// declare reads an operation's arity, sorts and parameter names.
func (o *Operad) declare(name, ptr string, d map[string]any) (*operation, error) {
	op := &operation{name: name, ptr: ptr, o: o}
	ar, hasArity := d["arity"]
	argNames, hasArgs := d["args"].([]any)
	params, hasParams := d["params"].([]any)
	switch {
	case hasArity:
		switch a := ar.(type) {
		case json.Number:
			n, _ := a.Int64()
			op.decl.Arity = term.Fixed(int(n))
		case map[string]any:
			lo, _ := a["min"].(json.Number).Int64()
			if hi, ok := a["max"].(json.Number); ok {
				h, _ := hi.Int64()
				if h < lo {
					return nil, o.src.errPtr(ptr+"/arity/max", ErrInvalid, "operation %s: arity max %d is below min %d", name, h, lo)
				}
				op.decl.Arity = term.Between(int(lo), int(h))
			} else {
				op.decl.Arity = term.Variadic(int(lo))
			}
		}
	case hasParams:
		op.decl.Arity = term.Fixed(len(params))
	case hasArgs:
		op.decl.Arity = term.Fixed(len(argNames))
	default:
		return nil, o.src.errKey(ptr, ErrInvalid, "operation %s: give its arity, its args (their sorts) or its params", name)
	}
	ar2 := op.decl.Arity
	fixed := ar2.Min == ar2.Max
	if hasArgs {
		if len(argNames) == 0 && ar2.Max != 0 {
			return nil, o.src.errPtr(ptr+"/args", ErrInvalid, "operation %s: args is empty; list the sort of each argument", name)
		}
		if fixed && len(argNames) != ar2.Min && len(argNames) != 1 {
			return nil, o.src.errPtr(ptr+"/args", ErrInvalid, "operation %s: arity %s but %d argument sorts (give one per argument, or one for all)", name, ar2, len(argNames))
		}
		for i, a := range argNames {
			s, err := o.sortOf(a.(string), fmt.Sprintf("%s/args/%d", ptr, i))
			if err != nil {
				return nil, err
			}
			op.argSorts = append(op.argSorts, s)
			op.decl.Args = append(op.decl.Args, s.Name)
		}
	} else if s := o.defaultSort(d); s != nil && ar2.Max != 0 {
		op.argSorts = []*Sort{s}
		op.decl.Args = []string{s.Name}
	}
	if r, ok := d["result"].(string); ok {
		s, err := o.sortOf(r, ptr+"/result")
		if err != nil {
			return nil, err
		}
		op.result = s
	} else if s := o.defaultSort(d); s != nil {
		op.result = s
	} else {
		return nil, o.src.errKey(ptr, ErrInvalid, "operation %s: give its result sort (there are several sorts)", name)
	}
	op.decl.Result = op.result.Name
	if ar2.Max != 0 && len(op.argSorts) == 0 {
		return nil, o.src.errKey(ptr, ErrInvalid, "operation %s: give the sorts of its args (there are several sorts)", name)
	}
	op.decl.Name = name
	if hasParams {
		if !fixed || len(params) != ar2.Min {
			return nil, o.src.errPtr(ptr+"/params", ErrInvalid, "operation %s: %d params for arity %s (params name the arguments of a fixed arity)", name, len(params), ar2)
		}
		for _, p := range params {
			if p.(string) == "args" {
				return nil, o.src.errPtr(ptr+"/params", ErrInvalid, "operation %s: \"args\" is reserved for the list of all arguments", name)
			}
			op.params = append(op.params, p.(string))
		}
	} else if fixed {
		if ar2.Min < len(defaultParams) {
			op.params = defaultParams[ar2.Min]
		} else {
			for i := 1; i <= ar2.Min; i++ {
				op.params = append(op.params, "x"+strconv.Itoa(i))
			}
		}
	}
	if d["derived"] != nil && !fixed {
		return nil, o.src.errPtr(ptr+"/derived", ErrInvalid, "operation %s: a derived operation has a fixed arity", name)
	}
	return op, nil
}

// defaultSort is the sort of an operation's arguments and result when
// the file does not say: the only sort, or for an agent operation the
// first agent sort.
func (o *Operad) defaultSort(d map[string]any) *Sort {
	if _, ok := d["agent"]; ok {
		for _, n := range o.inOrder("/sorts", o.sortDefs) {
			if s := o.sorts[n]; s.Kind == "agent" {
				return s
			}
		}
	}
	return o.soleSort
}

func (op *operation) compileExpr(src string) error {
	for i := range max(op.decl.Arity.Min, len(op.argSorts)) {
		if s := op.argSort(i); s != nil && s.Kind == "agent" {
			return op.o.src.errPtr(op.ptr+"/expr", ErrInvalid, "operation %s: an expression cannot take agents (sort %s); use \"agent\" or \"derived\"", op.name, s.Name)
		}
	}
	if op.result.Kind == "agent" {
		return op.o.src.errPtr(op.ptr+"/expr", ErrInvalid, "operation %s: an expression cannot return an agent (sort %s); use \"agent\" or \"derived\"", op.name, op.result.Name)
	}
	env := map[string]any{"args": []any{}}
	for i, p := range op.params {
		env[p] = op.argSort(i).exprType()
	}
	program, err := expr.Compile(src, expr.Env(env), expr.Optimize(true))
	if err != nil {
		var fe *file.Error
		if errors.As(err, &fe) {
			off := runeToByte(src, fe.From)
			return op.o.src.errAt(op.o.src.inString(op.ptr+"/expr", off), fmt.Errorf("%w: %w", ErrInvalid, err),
				"operation %s: expression: %s%s", op.name, fe.Message, op.namesHint(fe.Message))
		}
		return op.o.src.errPtr(op.ptr+"/expr", fmt.Errorf("%w: %w", ErrInvalid, err), "operation %s: expression: %v", op.name, err)
	}
	if t := program.Node().Type(); t != nil && t.Kind() != reflect.Interface {
		ok := false
		for _, k := range op.result.resultKinds() {
			ok = ok || t.Kind() == k
		}
		if !ok {
			return op.o.src.errPtr(op.ptr+"/expr", ErrInvalid, "operation %s: expression has type %s, expected a value of sort %s (%s)", op.name, t, op.result.Name, op.result.Kind)
		}
	}
	op.program = program
	op.lits.addExpr(src)
	return nil
}

// namesHint says which names an expression can use, after an error about
// an unknown one: the usual cause is an arity that does not match the
// parameters the expression uses.
func (op *operation) namesHint(msg string) string {
	name, ok := strings.CutPrefix(msg, "unknown name ")
	if !ok {
		return ""
	}
	ar := op.decl.Arity
	switch {
	case len(op.params) == 1:
		return fmt.Sprintf(" (%s takes 1 argument, named %s%s; change its \"arity\" or \"params\" if the expression needs others)",
			op.name, op.params[0], suggestion(name, op.params))
	case len(op.params) > 0:
		return fmt.Sprintf(" (%s takes %d arguments, named %s%s; change its \"arity\" or \"params\" if the expression needs others)",
			op.name, len(op.params), strings.Join(op.params, ", "), suggestion(name, op.params))
	case ar.Max == 0:
		return fmt.Sprintf(" (%s takes no arguments; change its \"arity\" if the expression needs some)", op.name)
	}
	return fmt.Sprintf(" (%s takes %s arguments: reach them through args, as in args[0])", op.name, ar)
}

// suggestion is "; did you mean c?" for the candidate closest to name.
func suggestion(name string, candidates []string) string {
	if c := closest(name, candidates); c != "" {
		return "; did you mean " + c + "?"
	}
	return ""
}

func runeToByte(s string, runes int) int {
	off := 0
	for i := 0; i < runes && off < len(s); i++ {
		_, n := utf8.DecodeRuneInString(s[off:])
		off += n
	}
	return off
}

// TableLimit is the largest number of argument tuples a table may have.
const TableLimit = 1 << 20

func (op *operation) loadTable(rows []any) error {
	src := op.o.src
	ar := op.decl.Arity
	if ar.Min != ar.Max {
		return src.errPtr(op.ptr+"/table", ErrInvalid, "operation %s: a table needs a fixed arity, not %s", op.name, ar)
	}
	n := ar.Min
	op.table = make(map[string]any, len(rows))
	for i, r := range rows {
		row := r.([]any)
		rp := fmt.Sprintf("%s/table/%d", op.ptr, i)
		if len(row) != n+1 {
			return src.errPtr(rp, ErrInvalid, "operation %s: table entry has %d values, expected %d arguments and the result", op.name, len(row), n)
		}
		args := make([]any, n)
		for j := range args {
			v, err := op.argSort(j).decode(row[j])
			if err != nil {
				return src.errPtr(fmt.Sprintf("%s/%d", rp, j), fmt.Errorf("%w: %w", ErrInvalid, err), "operation %s: table argument %d: %v", op.name, j+1, err)
			}
			args[j] = v
		}
		res, err := op.result.decode(row[n])
		if err != nil {
			return src.errPtr(fmt.Sprintf("%s/%d", rp, n), fmt.Errorf("%w: %w", ErrInvalid, err), "operation %s: table result: %v", op.name, err)
		}
		for _, a := range args {
			op.lits.addValue(a)
		}
		op.lits.addValue(res)
		k := tableKey(args)
		if _, dup := op.table[k]; dup {
			return src.errPtr(rp, ErrInvalid, "operation %s: a second table entry for %s", op.name, k)
		}
		op.table[k] = res
	}
	// Totality: every tuple of argument values has an entry.
	total := big.NewInt(1)
	domains := make([][]any, n)
	for j := range domains {
		s := op.argSort(j)
		size := s.Size()
		if size == nil {
			return src.errPtr(op.ptr+"/table", ErrInvalid, "operation %s: a table needs finite argument sorts; sort %s is infinite", op.name, s.Name)
		}
		if s.Kind == "agent" {
			return src.errPtr(op.ptr+"/table", ErrInvalid, "operation %s: a table cannot take agents (sort %s); use \"agent\" or \"derived\"", op.name, s.Name)
		}
		total.Mul(total, size)
		if !total.IsInt64() || total.Int64() > TableLimit {
			return src.errPtr(op.ptr+"/table", ErrInvalid, "operation %s: its argument sorts have more than %d tuples, too many for a table", op.name, TableLimit)
		}
		domains[j] = s.Values(TableLimit)
	}
	// Tables over sorts of scalars are also kept flat, indexed by the
	// position of each argument in its sort, so that a lookup formats no
	// key.
	flat := true
	for j := range domains {
		k := op.argSort(j).Kind
		flat = flat && k != "list" && k != "pair"
	}
	if flat {
		op.index = make([]map[any]int, n)
		for j, d := range domains {
			op.index[j] = make(map[any]int, len(d))
			for i, v := range d {
				op.index[j][v] = i
			}
		}
		op.flat = make([]any, 0, total.Int64())
	}
	var missing []any
	forEachTuple(domains, func(args []any) bool {
		v, ok := op.table[tableKey(args)]
		if !ok {
			missing = append([]any(nil), args...)
			return false
		}
		if flat {
			op.flat = append(op.flat, v)
		}
		return true
	})
	if missing != nil {
		return src.errPtr(op.ptr+"/table", ErrInvalid, "operation %s: the table is not total: no entry for %s (%d entries, %s tuples of arguments)",
			op.name, formatValue(List(missing)), len(op.table), total)
	}
	return nil
}

// forEachTuple calls f on every tuple of the cartesian product of domains,
// the last component varying fastest, until f returns false.
func forEachTuple(domains [][]any, f func([]any) bool) bool {
	tuple := make([]any, len(domains))
	var rec func(i int) bool
	rec = func(i int) bool {
		if i == len(domains) {
			return f(tuple)
		}
		for _, v := range domains[i] {
			tuple[i] = v
			if !rec(i + 1) {
				return false
			}
		}
		return true
	}
	return rec(0)
}

func (op *operation) loadDerived(body string) error {
	src := op.o.src
	p := op.ptr + "/derived"
	t, err := term.Parse(body)
	if err != nil {
		var pe *term.ParseError
		if errors.As(err, &pe) {
			return src.errAt(src.inString(p, pe.Offset), fmt.Errorf("%w: %w", ErrInvalid, err), "operation %s: derived: %s", op.name, parseMsg(pe))
		}
		return src.errPtr(p, fmt.Errorf("%w: %w", ErrInvalid, err), "operation %s: derived: %v", op.name, err)
	}
	var unknown error
	t.Walk(func(u *term.Term) bool {
		if _, ok := op.o.sig.Lookup(u.Name()); unknown == nil && u.Kind() == term.App && !ok {
			unknown = src.errAt(src.inString(p, nthIdent(body, u.Name(), true, 0)), ErrInvalid, "operation %s: derived: %s", op.name, op.o.unknownOp(u.Name()))
		}
		return unknown == nil
	})
	if unknown != nil {
		return unknown
	}
	params := map[string]int{}
	for i, n := range op.params {
		params[n] = i
	}
	sig := op.o.sig
	for _, v := range t.Vars() {
		i, ok := params[v]
		if !ok {
			return src.errAt(src.inString(p, indexIdent(body, v)), ErrInvalid, "operation %s: derived: unknown variable %s (params: %v)", op.name, v, op.params)
		}
		sig = sig.WithVarSort(v, op.argSort(i).Name)
	}
	if err := sig.Check(t, op.result.Name); err != nil {
		if i := typeErrOffset(err, body, nil, t); i >= 0 {
			return src.errAt(src.inString(p, i), fmt.Errorf("%w: %w", ErrInvalid, err), "operation %s: derived: %s", op.name, typeErrText(err))
		}
		return src.errPtr(p, fmt.Errorf("%w: %w", ErrInvalid, err), "operation %s: derived: %v", op.name, err)
	}
	t, err = op.o.typeConstants(t, op.result.Name)
	if err != nil {
		return src.errPtr(p, fmt.Errorf("%w: %w", ErrInvalid, err), "operation %s: derived: %v", op.name, err)
	}
	op.body = t
	op.lits.addTerm(t)
	return nil
}

func parseMsg(pe *term.ParseError) string {
	if pe.Msg != "" {
		return pe.Msg
	}
	return fmt.Sprintf("expected %s, found %s", strings.Join(pe.Expected, " or "), pe.Found)
}

// checkRecursion rejects derived operations that use themselves, directly
// or through others, since their meaning would not terminate.
func (o *Operad) checkRecursion(names []string) error {
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(name string, path []string) error
	visit = func(name string, path []string) error {
		op := o.ops[name]
		if op == nil || op.body == nil || state[name] == 2 {
			return nil
		}
		if state[name] == 1 {
			cycle := append(path, name)
			first := o.ops[cycle[0]]
			return o.src.errPtr(first.ptr+"/derived", ErrInvalid, "operation %s: derived operations recurse: %s", cycle[0], strings.Join(cycle, " -> "))
		}
		state[name] = 1
		var err error
		op.body.Walk(func(u *term.Term) bool {
			if err == nil && u.Kind() == term.App {
				err = visit(u.Name(), append(path, name))
			}
			return err == nil
		})
		state[name] = 2
		return err
	}
	for _, n := range names {
		if err := visit(n, nil); err != nil {
			return err
		}
	}
	return nil
}

// loadAlgebraic reads identity, zero and inverse.
func (op *operation) loadAlgebraic(d map[string]any) error {
	src := op.o.src
	if j, ok := d["identity"]; ok {
		v, err := op.result.decode(j)
		if err != nil {
			return src.errPtr(op.ptr+"/identity", fmt.Errorf("%w: %w", ErrInvalid, err), "operation %s: identity: %v", op.name, err)
		}
		op.identity, op.hasIdentity = v, true
		op.lits.addValue(v)
	}
	if j, ok := d["zero"]; ok {
		v, err := op.result.decode(j)
		if err != nil {
			return src.errPtr(op.ptr+"/zero", fmt.Errorf("%w: %w", ErrInvalid, err), "operation %s: zero: %v", op.name, err)
		}
		op.zero, op.hasZero = v, true
		op.lits.addValue(v)
	}
	if inv, ok := d["inverse"].(string); ok {
		io := op.o.ops[inv]
		if io == nil {
			return src.errPtr(op.ptr+"/inverse", ErrInvalid, "operation %s: inverse: %s", op.name, op.o.unknownOp(inv))
		}
		if !io.decl.Arity.Allows(1) {
			return src.errPtr(op.ptr+"/inverse", ErrInvalid, "operation %s: inverse: %s takes %s arguments, expected 1", op.name, inv, io.decl.Arity)
		}
		op.inverse = inv
	}
	return nil
}
