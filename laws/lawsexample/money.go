package lawsexample

import "fmt"

// Money is an amount in cents of one currency. Amounts of different
// currencies do not add up: Add of two currencies is the invalid Money
// (Currency "?"), which absorbs everything, so that Add stays total and
// lawful.
type Money struct {
	Cents    int64
	Currency string
}

// Zero is the empty amount, which takes the currency of what it is added
// to.
var Zero = Money{}

// Add adds two amounts.
func Add(a, b Money) Money {
	switch {
	case a == Zero:
		return b
	case b == Zero:
		return a
	case a.Currency != b.Currency || a.Currency == "?":
		return Money{Currency: "?"}
	}
	return Money{Cents: a.Cents + b.Cents, Currency: a.Currency}
}

// String prints 12.34 EUR.
func (m Money) String() string {
	return fmt.Sprintf("%d.%02d %s", m.Cents/100, abs(m.Cents%100), m.Currency)
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
