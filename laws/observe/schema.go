package observe

import _ "embed"

//go:embed schema.json
var schema []byte

// Schema returns the JSON Schema (draft 2020-12) that every line written
// by a [Writer] follows: the PBT Observations format.
func Schema() []byte { return append([]byte(nil), schema...) }
