package main

import (
	"bytes"
	"strings"
	"testing"
)

// parseArgs takes flags before and after positional arguments, stops at
// "--", exits 0 on -h and 2 on a bad flag or a wrong number of arguments,
// saying why in one line before the usage.
func TestParseArgs(t *testing.T) {
	for _, c := range []struct {
		args    []string
		n       argCount
		pos     string
		code    int
		ok      bool
		message string // the first line on stderr
	}{
		{[]string{"a", "-json", "b"}, argCount{1, -1, "at least one X"}, "[a b]", exitOK, true, ""},
		{[]string{"-json", "--", "-x", "y"}, argCount{0, -1, "any"}, "[-x y]", exitOK, true, ""},
		{[]string{"-h"}, argCount{1, -1, "at least one X"}, "[]", exitOK, false, "Usage: lawcheck t [-json] X..."},
		{[]string{"a", "-help"}, argCount{1, -1, "at least one X"}, "[]", exitOK, false, "Usage: lawcheck t [-json] X..."},
		{[]string{"-nosuch"}, argCount{0, -1, "any"}, "[]", exitUsage, false, "flag provided but not defined: -nosuch"},
		{nil, argCount{1, -1, "at least one X"}, "[]", exitUsage, false, "lawcheck t: want at least one X"},
		{[]string{"a", "b"}, argCount{0, 1, "at most one X"}, "[]", exitUsage, false, `lawcheck t: want at most one X, got ["a" "b"]`},
		{[]string{"a"}, argCount{0, 0, "no arguments"}, "[]", exitUsage, false, `lawcheck t: want no arguments, got ["a"]`},
	} {
		var stderr bytes.Buffer
		fs := newFlagSet("t", &stderr, "[-json] X...")
		asJSON := fs.Bool("json", false, "JSON")
		pos, code, ok := parseArgs(fs, c.args, c.n)
		first, _, _ := strings.Cut(stderr.String(), "\n")
		if got := "[" + strings.Join(pos, " ") + "]"; got != c.pos || code != c.code || ok != c.ok || first != c.message {
			t.Errorf("%q: %s %d %v, stderr %q; want %s %d %v, %q", c.args, got, code, ok, stderr.String(), c.pos, c.code, c.ok, c.message)
		}
		if !c.ok && c.code == exitUsage && c.message != "" && !strings.HasPrefix(c.message, "flag") && !strings.Contains(stderr.String(), "Usage: lawcheck t") {
			t.Errorf("%q: a wrong number of arguments is not followed by the usage: %q", c.args, stderr.String())
		}
		if c.ok && len(c.args) > 0 && c.args[0] == "-json" && !*asJSON {
			t.Errorf("%q: -json not set", c.args)
		}
	}
}

// Every subcommand with a wrong number of arguments says so in one line
// and shows its usage; -h shows the usage and exits 0.
func TestSubcommandsParseAlike(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"list", "x"}, `lawcheck list: want no arguments, got ["x"]`},
		{[]string{"run", "a", "b"}, `lawcheck run: want at most one PATTERN, got ["a" "b"]`},
		{[]string{"check"}, "lawcheck check: want at least one FILE or DIR"},
		{[]string{"replay", "-json"}, "lawcheck replay: want at least one CASEFILE"},
		{[]string{"python", "a:B", "c:D"}, `lawcheck python: want one MODULE:OBJECT (or --stdio without), got ["a:B" "c:D"]`},
	} {
		code, out, errs := runCLI(c.args...)
		first, rest, _ := strings.Cut(errs, "\n")
		if code != exitUsage || out != "" || first != c.want || !strings.HasPrefix(rest, "Usage: lawcheck "+c.args[0]+" ") {
			t.Errorf("%q: exit %d, stderr %q, want 2 and %q then the usage", c.args, code, errs, c.want)
		}
		code, _, errs = runCLI(c.args[0], "-h")
		if code != exitOK || !strings.HasPrefix(errs, "Usage: lawcheck "+c.args[0]+" ") || !strings.Contains(errs, "\nFlags:\n") {
			t.Errorf("%s -h: exit %d, %q", c.args[0], code, errs)
		}
	}
}
