// Package pyjson is the one place where kgents-core meets the JSON that
// kgents' Python code writes and reads. The trace and covenant packages
// both carry a Python to_dict / from_dict shape over to Go; what they share
// of it lives here, so that both accept the same inputs, spell numbers and
// timestamps the same way, and report bad input the same way:
//
//   - timestamps: datetime.isoformat's spelling and the forms fromisoformat
//     reads (FormatTimestamp, ParseTimestamp);
//   - numbers: Python's float repr ("1500.0", "1e-07", "1e+16") and exact
//     fixed point quantities written as floats (PythonNumber, FormatFixed,
//     ParseFixed);
//   - canonical JSON, in the two flavours already on disk (CanonicalObject
//     for trace metadata, Canonical for covenant metadata);
//   - the encoders' pieces (AppendString, AppendStringHTML, AppendStrings,
//     AppendTimestamp), built on internal/jsontext;
//   - the decoders' field reader (Reader): a JSON object read key by key,
//     as from_dict reads a dict, with typed getters, kgents' defaults, and
//     the first problem kept and turned into the decoder's own error by a
//     function the decoder gives, so that a decoder reads as a list of its
//     fields;
//   - syntax errors placed at a line and a column (Locate).
package pyjson
