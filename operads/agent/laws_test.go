package agent_test

import (
	"testing"

	"github.com/kgents/kgents-core/laws"
	_ "github.com/kgents/kgents-core/operads/agent"
)

func TestLaws(t *testing.T) { laws.CheckAll(t) }
