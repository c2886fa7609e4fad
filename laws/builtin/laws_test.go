package builtin_test

import (
	"testing"

	_ "github.com/kgents/kgents-core/laws/builtin"

	"github.com/kgents/kgents-core/laws"
)

func TestLaws(t *testing.T) { laws.CheckAll(t) }
