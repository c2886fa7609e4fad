// Package lawsexample is what a user of package laws writes for their own
// types: a plain data type with a monoid (Money), an operad of their own
// (Template, strings with holes, composed by filling a hole), a custom
// generator for it, and, in laws_test.go, the whole TestLaws file that
// registers both and checks them with `go test`.
//
// It is an example to copy from, checked by the test suite like any
// package, and it shows what a broken instance reports.
package lawsexample
