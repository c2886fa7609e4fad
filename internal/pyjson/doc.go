// Package pyjson holds what the trace and covenant decoders share of the
// JSON that kgents' Python code writes: its timestamps (datetime.isoformat
// and the forms fromisoformat reads) and the placing of a syntax error at a
// line and column, so that both packages accept the same inputs and report
// bad ones the same way.
package pyjson
