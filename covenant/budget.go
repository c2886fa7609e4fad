package covenant

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Dimension names one budget dimension.
type Dimension uint8

// The five budget dimensions of kgents (docs/covenant.md). All are integers:
// Time is a time.Duration (nanoseconds); Capital and Entropy are counted in
// micro-units (Micro per unit), so 2.5 units of capital is 2_500_000.
const (
	Tokens Dimension = iota
	Operations
	Time
	Capital
	Entropy
)

const numDims = 5

// Micro is the number of micro-units in one unit of Capital or Entropy.
const Micro = 1_000_000

var dimNames = [numDims]string{"tokens", "operations", "time", "capital", "entropy"}

// jsonDimNames are the keys of the kgents Offering budget object.
var jsonDimNames = [numDims]string{"tokens", "operations", "time_seconds", "capital", "entropy"}

// String returns the dimension's name, e.g. "tokens".
func (d Dimension) String() string {
	if int(d) < numDims {
		return dimNames[d]
	}
	return fmt.Sprintf("Dimension(%d)", uint8(d))
}

// Amounts is a quantity in every dimension at once: what a caller reserves,
// commits, or asks to spend. The zero value is nothing in every dimension.
type Amounts struct {
	Tokens     int64
	Operations int64
	Time       time.Duration
	Capital    int64 // micro-units
	Entropy    int64 // micro-units
}

type vec [numDims]int64

func (a Amounts) vec() vec {
	return vec{a.Tokens, a.Operations, int64(a.Time), a.Capital, a.Entropy}
}

func amountsOf(v vec) Amounts {
	return Amounts{Tokens: v[0], Operations: v[1], Time: time.Duration(v[2]), Capital: v[3], Entropy: v[4]}
}

// Get returns the amount in dimension d.
func (a Amounts) Get(d Dimension) int64 { return a.vec()[d] }

// String renders the non-zero dimensions, e.g. "{tokens:100 capital:2.5}".
func (a Amounts) String() string {
	v := a.vec()
	var b strings.Builder
	b.WriteByte('{')
	for d, n := range v {
		if n == 0 {
			continue
		}
		if b.Len() > 1 {
			b.WriteByte(' ')
		}
		b.WriteString(dimNames[d])
		b.WriteByte(':')
		b.WriteString(formatDim(Dimension(d), n))
	}
	b.WriteByte('}')
	return b.String()
}

func formatDim(d Dimension, n int64) string {
	switch d {
	case Time:
		return time.Duration(n).String()
	case Capital, Entropy:
		return formatFixed(n, 6, false)
	}
	return fmt.Sprint(n)
}

// Budget is a set of limits, one per dimension, each optional: an unbounded
// dimension is unlimited. The zero value is Unlimited. A Budget is a value;
// With returns a modified copy. A limit of math.MaxInt64 is no limit.
//
// Budgets meet by taking, per dimension, the smaller limit (unbounded is the
// identity). Spending against a budget happens on an Enforcer, through
// Reserve, Commit and Release.
type Budget struct {
	// room[d] is math.MaxInt64 - limit, 0 when unbounded: the zero value is
	// unlimited and the meet is a branch-free maximum.
	room vec
}

// Unlimited returns the budget with no limit in any dimension (kgents
// Budget.unlimited()).
func Unlimited() Budget { return Budget{} }

// StandardBudget is kgents' Budget.standard(): 50 000 tokens, 300 seconds,
// 100 operations.
func StandardBudget() Budget {
	return Budget{}.With(Tokens, 50_000).With(Time, int64(300*time.Second)).With(Operations, 100)
}

// MinimalBudget is kgents' Budget.minimal(): 1 000 tokens, 30 seconds, 10
// operations.
func MinimalBudget() Budget {
	return Budget{}.With(Tokens, 1_000).With(Time, int64(30*time.Second)).With(Operations, 10)
}

// With returns b with dimension d limited to limit (in the dimension's unit:
// nanoseconds for Time, micro-units for Capital and Entropy). It panics if
// limit is negative or d is not a Dimension: both are programming errors.
func (b Budget) With(d Dimension, limit int64) Budget {
	if int(d) >= numDims {
		panic(fmt.Sprintf("covenant: Budget.With: unknown dimension %d", d))
	}
	if limit < 0 {
		panic(fmt.Sprintf("covenant: Budget.With(%s, %d): negative limit", d, limit))
	}
	b.room[d] = math.MaxInt64 - limit
	return b
}

// Limit returns the limit of dimension d, and false if d is unbounded.
func (b Budget) Limit(d Dimension) (int64, bool) {
	if int(d) >= numDims || b.room[d] == 0 {
		return 0, false
	}
	return math.MaxInt64 - b.room[d], true
}

// IsUnlimited reports whether no dimension is bounded.
func (b Budget) IsUnlimited() bool { return b.room == vec{} }

// Fits reports whether a single spend of a stays within every bounded limit
// (kgents can_consume: equal to the limit fits). Negative amounts never fit.
func (b Budget) Fits(a Amounts) bool {
	v := a.vec()
	for d := range numDims {
		if v[d] < 0 || v[d] > math.MaxInt64-b.room[d] {
			return false
		}
	}
	return true
}

// String renders the bounded limits, e.g. "{tokens<=1000 time<=30s}", or
// "unlimited".
func (b Budget) String() string {
	if b.IsUnlimited() {
		return "unlimited"
	}
	var s strings.Builder
	s.WriteByte('{')
	for d := range numDims {
		if b.room[d] == 0 {
			continue
		}
		if s.Len() > 1 {
			s.WriteByte(' ')
		}
		s.WriteString(dimNames[d])
		s.WriteString("<=")
		s.WriteString(formatDim(Dimension(d), math.MaxInt64-b.room[d]))
	}
	s.WriteByte('}')
	return s.String()
}

func meetBudget(a, b Budget) Budget {
	var out Budget
	for d := range numDims {
		out.room[d] = max(a.room[d], b.room[d])
	}
	return out
}
