package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// Every subcommand parses its command line the same way: its own flag set
// printing "Usage: lawcheck NAME SYNOPSIS" and the flags, flags allowed
// before and after the positional arguments, -h exiting 0, and a bad flag
// or a wrong number of arguments exiting 2 with one line saying why.

// newFlagSet returns the flag set of subcommand name, whose usage shows
// synopsis (the arguments after the name) and the flags, on stderr.
func newFlagSet(name string, stderr io.Writer, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("lawcheck "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: lawcheck %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// argCount says how many positional arguments a subcommand takes: at
// least min and at most max (max < 0: no bound); want says it in words
// for the message ("at least one FILE or DIR").
type argCount struct {
	min, max int
	want     string
}

// parseArgs parses a subcommand's command line with fs and checks the
// number of its positional arguments. When the subcommand is not to go on,
// ok is false and code is its exit status: 0 after -h (the flag package
// has printed the usage), 2 after a bad flag (it has said why) or a wrong
// number of arguments (said here, then the usage).
func parseArgs(fs *flag.FlagSet, args []string, n argCount) (pos []string, code int, ok bool) {
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil, exitOK, false
	}
	if err != nil {
		return nil, exitUsage, false
	}
	if len(pos) < n.min || n.max >= 0 && len(pos) > n.max {
		if len(pos) == 0 {
			fmt.Fprintf(fs.Output(), "%s: want %s\n", fs.Name(), n.want)
		} else {
			fmt.Fprintf(fs.Output(), "%s: want %s, got %q\n", fs.Name(), n.want, pos)
		}
		fs.Usage()
		return nil, exitUsage, false
	}
	return pos, exitOK, true
}

// parseInterspersed parses fs from args, allowing flags after positional
// arguments (lawcheck run PATTERN -json), and returns the positionals.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
