package classic_test

import (
	"testing"

	_ "github.com/kgents/kgents-core/operads/classic"

	"github.com/kgents/kgents-core/laws"
)

func TestLaws(t *testing.T) { laws.CheckAll(t) }
