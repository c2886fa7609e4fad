package covenant

// This file holds the one place where tests look inside a budget: an
// observer that sees every budget event, so that a shadow model can replay
// the events in their true order and check that no interleaving of
// concurrent holds overspends (budget_stress_test.go). Production code only
// tests budgetObserver for nil, under the budget lock it already holds.

// budgetObserver, when a test sets it, sees every budget event under the
// budget lock.
var budgetObserver func(ev *budgetEvent)

// budgetOp is what a budget event did. The values are letters, so that a
// failing model can print them with %c.
type budgetOp byte

const (
	opReserve budgetOp = 'r' // a hold was reserved, or refused (err set)
	opCommit  budgetOp = 'c' // a hold was committed, or refused (err set)
	opRelease budgetOp = 'l' // a hold was released unused
	opExpire  budgetOp = 'x' // a hold expired and went back to the budget
)

type budgetEvent struct {
	op        budgetOp
	seq       uint64
	amounts   vec // reserved, or actually committed
	now       int64
	deadline  int64
	err       *kind
	committed vec // state after the event
	held      vec
}

func (b *budgetState) emit(op budgetOp, seq uint64, amounts vec, now, deadline int64, err *kind) {
	budgetObserver(&budgetEvent{op: op, seq: seq, amounts: amounts, now: now, deadline: deadline, err: err,
		committed: b.committed, held: b.held})
}
