module github.com/kgents/kgents-core

go 1.26

require (
	github.com/expr-lang/expr v1.17.8
	github.com/google/go-cmp v0.7.0
	github.com/leanovate/gopter v0.2.11
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	golang.org/x/term v0.37.0
	golang.org/x/text v0.14.0
	pgregory.net/rapid v1.3.0
)

require golang.org/x/sys v0.38.0 // indirect
