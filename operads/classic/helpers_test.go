package classic_test

import (
	"github.com/kgents/kgents-core/operads/classic"
)

var (
	in         = classic.In
	substitute = classic.Substitute
	unchecked  = classic.Unchecked
)

func isIdentity(f classic.Fn) bool { return f.Arity() == 1 && f.Body().String() == "x1" }
