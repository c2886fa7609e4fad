package classic

import "github.com/kgents/kgents-core/laws/term"

// Hooks for the external tests, which build deliberately broken operads.

// Substitute replaces every input xk of body by to(k).
var Substitute = rename

// In returns the input variable xk.
var In = x

// Unchecked builds a Fn without NewFn's validation, as a faulty operad
// would: its body may use inputs beyond its arity.
func Unchecked(n int, body *term.Term) Fn { return Fn{arity: n, body: body} }
