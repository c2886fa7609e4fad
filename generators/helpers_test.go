package generators_test

import (
	"fmt"
	"math/rand"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"pgregory.net/rapid"

	"github.com/kgents/kgents-core/generators"
)

// quietTB is a rapid.TB that records failure instead of failing the test,
// so a test can look at what rapid shrank a failure to.
type quietTB struct{ failed bool }

type stop struct{}

func (tb *quietTB) Helper()               {}
func (tb *quietTB) Name() string          { return "quiet" }
func (tb *quietTB) Logf(string, ...any)   {}
func (tb *quietTB) Log(...any)            {}
func (tb *quietTB) Skipf(string, ...any)  { panic(stop{}) }
func (tb *quietTB) Skip(...any)           { panic(stop{}) }
func (tb *quietTB) SkipNow()              { panic(stop{}) }
func (tb *quietTB) Errorf(string, ...any) { tb.failed = true }
func (tb *quietTB) Error(...any)          { tb.failed = true }
func (tb *quietTB) Fatalf(string, ...any) { tb.failed = true; panic(stop{}) }
func (tb *quietTB) Fatal(...any)          { tb.failed = true; panic(stop{}) }
func (tb *quietTB) FailNow()              { tb.failed = true; panic(stop{}) }
func (tb *quietTB) Fail()                 { tb.failed = true }
func (tb *quietTB) Failed() bool          { return tb.failed }

// rapidMinimal runs a rapid property that fails when fails(v) and returns
// the value rapid shrank the failure to (rapid replays the minimal case
// last).
func rapidMinimal[T any](g generators.Gen[T], fails func(T) bool) (last T, failed bool) {
	tb := &quietTB{}
	func() {
		defer func() {
			if p := recover(); p != nil {
				if _, ok := p.(stop); !ok {
					panic(p)
				}
			}
		}()
		rapid.Check(tb, func(t *rapid.T) {
			v := generators.Rapid(g).Draw(t, "v")
			last = v
			if fails(v) {
				t.Fatalf("fails")
			}
		})
	}()
	return last, tb.failed
}

// gopterMinimal runs a gopter property with the Gopter adapter and returns
// the shrunk falsifying value.
func gopterMinimal[T any](g generators.Gen[T], fails func(T) bool, seed int64) (T, bool) {
	params := gopter.DefaultTestParametersWithSeed(seed)
	params.Rng = rand.New(gopter.NewLockedSource(seed))
	res := prop.ForAll(func(v T) bool { return !fails(v) }, generators.Gopter(g)).Check(params)
	var zero T
	if res.Passed() || len(res.Args) == 0 {
		return zero, false
	}
	v, ok := res.Args[0].Arg.(T)
	if !ok {
		panic(fmt.Sprintf("gopter returned %T", res.Args[0].Arg))
	}
	return v, true
}
