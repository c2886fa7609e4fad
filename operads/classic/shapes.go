package classic

// shape is the form of a body with its leaves left open: an operation of
// FnSignature applied to shapes, or a leaf (op "").
type shape struct {
	op     string
	code   opCode // op, for evaluation
	args   []*shape
	leaves int // number of leaves
}

// opCode is an operation of FnSignature (or a leaf) as evaluation
// switches on it: a byte, not the name's string comparison.
type opCode uint8

const (
	opLeaf opCode = iota
	opNeg
	opAdd
	opMul
)

// newShape returns the shape op(args...), with its code and leaf count.
func newShape(op string, args ...*shape) *shape {
	sh := &shape{op: op, args: args}
	switch op {
	case "neg":
		sh.code = opNeg
	case "add":
		sh.code = opAdd
	case "mul":
		sh.code = opMul
	}
	for _, a := range args {
		sh.leaves += a.leaves
	}
	return sh
}

// shapesUpTo returns every shape of at most nodes nodes and depth, the
// smaller first: fewer nodes, then leaf before neg, add, mul.
func shapesUpTo(nodes, depth int) []*shape {
	var out []*shape
	for n := 1; n <= nodes; n++ {
		out = append(out, shapesOf(n, depth)...)
	}
	return out
}

// shapesOf returns the shapes of exactly nodes nodes and at most depth.
func shapesOf(nodes, depth int) []*shape {
	if nodes < 1 || depth < 1 {
		return nil
	}
	if nodes == 1 {
		return []*shape{{leaves: 1}}
	}
	var out []*shape
	for _, a := range shapesOf(nodes-1, depth-1) {
		out = append(out, newShape("neg", a))
	}
	for _, op := range []string{"add", "mul"} {
		for left := 1; left <= nodes-2; left++ {
			for _, a := range shapesOf(left, depth-1) {
				for _, b := range shapesOf(nodes-1-left, depth-1) {
					out = append(out, newShape(op, a, b))
				}
			}
		}
	}
	return out
}
