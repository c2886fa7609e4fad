package covenant_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kgents/kgents-core/covenant"
)

// A covenant from proposal to revocation: an agent may read files freely
// and push to git, but the third push since the last review needs one.
func Example() {
	now := time.Date(2025, 12, 20, 10, 0, 0, 0, time.UTC)
	c, err := covenant.Propose([]string{"file_read", "git_push"},
		covenant.WithID("covenant-7c1d2e3f4a5b"),
		covenant.WithGates(covenant.ReviewGate{Trigger: "git_push", Threshold: 3, Timeout: 5 * time.Minute}),
		covenant.WithReason("Implement TraceNode"))
	if err != nil {
		panic(err)
	}
	if c, err = c.Grant("kent", now); err != nil {
		panic(err)
	}
	enf, err := covenant.NewEnforcer(c)
	if err != nil {
		panic(err)
	}

	fmt.Println("read:", enf.Check("file_read"))
	fmt.Println("delete:", enf.Check("file_delete"))
	for i := 1; i <= 4; i++ {
		fmt.Printf("push %d: %v\n", i, enf.Check("git_push"))
	}
	_ = enf.Approve("git_push") // a reviewer looked
	fmt.Println("push after review:", enf.Check("git_push"))

	_ = enf.Revoke("kent", "task done")
	fmt.Println("read after revoke:", enf.Check("file_read"))
	// Output:
	// read: <nil>
	// delete: covenant covenant-7c1d2e3f4a5b: operation "file_delete" not permitted (allowed: {file_read, git_push})
	// push 1: <nil>
	// push 2: <nil>
	// push 3: covenant covenant-7c1d2e3f4a5b: Review gate triggered: git_push
	// push 4: covenant covenant-7c1d2e3f4a5b: Review gate triggered: git_push
	// push after review: <nil>
	// read after revoke: covenant covenant-7c1d2e3f4a5b: revoked: task done
}

// Budgets are spent in two steps: reserve the worst case, then commit what
// was used (or release the hold if the work did not happen). Concurrent
// callers can never together spend more than the limit.
func ExampleEnforcer_Reserve() {
	c, _ := covenant.Propose([]string{"llm_call"},
		covenant.WithBudget(covenant.Unlimited().With(covenant.Tokens, 10_000).With(covenant.Capital, 5*covenant.Micro)))
	c, _ = c.Grant("kent", time.Now())
	enf, _ := covenant.NewEnforcer(c)

	h, err := enf.Reserve(covenant.Amounts{Tokens: 8_000, Capital: covenant.Micro / 2})
	if err != nil {
		panic(err)
	}
	_, err = enf.Reserve(covenant.Amounts{Tokens: 4_000})
	fmt.Println("second reserve over budget:", errors.Is(err, covenant.ErrBudgetExceeded))

	_ = enf.Commit(h, covenant.Amounts{Tokens: 5_123, Capital: 120_000}) // 0.12 units of capital
	u := enf.Usage()
	fmt.Println("committed:", u.Committed, "held:", u.Held)
	fmt.Println("commit again:", errors.Is(enf.Commit(h, covenant.Amounts{}), covenant.ErrHoldSettled))
	// Output:
	// second reserve over budget: true
	// committed: {tokens:5123 capital:0.12} held: {}
	// commit again: true
}

// Meet combines two grants into the terms both allow: a delegate gets the
// intersection of what its principal may do and what the task needs.
func ExampleMeet() {
	principal, _ := covenant.Top().Attenuate(
		covenant.Only("file_read", "file_write", "git_push"),
		covenant.CapBudget(covenant.StandardBudget()))
	task, _ := covenant.Top().Attenuate(
		covenant.Only("file_read", "web_fetch"),
		covenant.OnlyHandles("repo.*"),
		covenant.CapBudget(covenant.Unlimited().With(covenant.Tokens, 2_000)))

	both := covenant.Meet(principal, task)
	fmt.Println(both)
	req := covenant.Request{Op: "file_read", Handle: "repo.README", Spend: covenant.Amounts{Tokens: 1_500}}
	fmt.Println(covenant.Allows(both, req), covenant.Allows(principal, req) && covenant.Allows(task, req))
	// Output:
	// permissions {file_read}, handles [repo.*], budget {tokens<=2000 operations<=100 time<=5m0s}
	// true true
}

// The JSON form is kgents' Covenant.to_dict, so Python and Go exchange
// covenants.
func ExampleCovenant_MarshalJSON() {
	at := time.Date(2025, 12, 20, 10, 0, 0, 1000, time.UTC)
	c, _ := covenant.Propose([]string{"git_push", "file_read"},
		covenant.WithID("covenant-7c1d2e3f4a5b"), covenant.WithCreatedAt(at.Add(-time.Minute)),
		covenant.WithGates(covenant.NewGate("git_push")))
	c, _ = c.Grant("kent", at)
	out, _ := json.MarshalIndent(c, "", "  ")
	fmt.Println(string(out))

	var back covenant.Covenant
	err := json.Unmarshal(out, &back)
	fmt.Println(err, back.Equal(c))
	// Output:
	// {
	//   "id": "covenant-7c1d2e3f4a5b",
	//   "permissions": [
	//     "file_read",
	//     "git_push"
	//   ],
	//   "review_gates": [
	//     {
	//       "trigger": "git_push",
	//       "description": "",
	//       "threshold": 1,
	//       "timeout_seconds": 300.0,
	//       "fallback": "DENY"
	//     }
	//   ],
	//   "status": "GRANTED",
	//   "granted_by": "kent",
	//   "granted_at": "2025-12-20T10:00:00.000001",
	//   "revoked_by": null,
	//   "revoked_at": null,
	//   "revoke_reason": "",
	//   "created_at": "2025-12-20T09:59:00.000001",
	//   "expires_at": null,
	//   "reason": "",
	//   "metadata": {}
	// }
	// <nil> true
}
