package pyjson

import (
	"strings"
	"time"

	"github.com/kgents/kgents-core/internal/jsontext"
)

// The encoders build their output byte by byte, in kgents' key order, from
// these pieces. Strings come in two flavours, both already on disk: the
// trace store's, as encoding/json writes them with HTML escaping off, and
// the covenant's, as encoding/json writes them by default ("<" as \u003c).

// AppendString appends s as a JSON string, with HTML escaping off.
func AppendString(dst []byte, s string) []byte { return jsontext.AppendString(dst, s) }

// AppendStringHTML appends s as a JSON string as json.Marshal writes it:
// "<", ">" and "&" escaped as \u003c, \u003e and \u0026, backspace and form
// feed as \b and \f.
func AppendStringHTML(dst []byte, s string) []byte {
	if !strings.ContainsAny(s, "<>&\b\f") {
		return jsontext.AppendString(dst, s)
	}
	// jsontext's escapes hold no '<', '>' or '&', so each one in its output
	// is a character of s; its escapes are copied whole, but for the two
	// that json.Marshal spells shorter.
	t := jsontext.AppendString(nil, s)
	for i := 0; i < len(t); i++ {
		switch c := t[i]; c {
		case '<', '>', '&':
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		case '\\':
			n := 2
			if t[i+1] == 'u' {
				n = 6
			}
			switch e := string(t[i : i+n]); e {
			case `\u0008`:
				dst = append(dst, `\b`...)
			case `\u000c`:
				dst = append(dst, `\f`...)
			default:
				dst = append(dst, e...)
			}
			i += n - 1
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

const hexDigits = "0123456789abcdef"

// AppendStrings appends ss as a JSON list of strings written by str
// (AppendString or AppendStringHTML).
func AppendStrings(dst []byte, ss []string, str func([]byte, string) []byte) []byte {
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = str(dst, s)
	}
	return append(dst, ']')
}

// AppendTimestamp appends t as a JSON string in Python's isoformat (see
// FormatTimestamp).
func AppendTimestamp(dst []byte, t time.Time) []byte {
	dst = append(dst, '"')
	dst = append(dst, FormatTimestamp(t)...)
	return append(dst, '"')
}
