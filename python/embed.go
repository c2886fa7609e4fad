// Package pysrc carries the Python side of the lawcheck bridge
// (kgents_core) inside the Go binary, so that lawcheck can serve any
// Python operad without the package being installed.
package pysrc

import "embed"

// FS holds kgents_core/*.py.
//
//go:embed kgents_core/*.py
var FS embed.FS
