package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"time"
)

// cmdReport is `lawcheck report DIR -o report.html`: it reads the PBT
// observations of DIR and writes one self-contained HTML page about them.
func cmdReport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("report", stderr, "[-o FILE] DIR")
	out := fs.String("o", "report.html", `HTML file to write ("-" for standard output)`)
	pos, code, ok := parseArgs(fs, args, argCount{min: 1, max: 1, want: "one DIR of observations (such as .lawcheck/observed)"})
	if !ok {
		return code
	}
	runs, err := readRuns(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck report: %v\n", err)
		return exitUsage
	}
	var page bytes.Buffer
	if err := writeReport(&page, runs, pos[0], time.Now()); err != nil {
		fmt.Fprintf(stderr, "lawcheck report: %v\n", err)
		return exitUsage
	}
	if *out == "-" {
		_, err = stdout.Write(page.Bytes())
	} else {
		err = os.WriteFile(*out, page.Bytes(), 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck report: %v\n", err)
		return exitUsage
	}
	if *out != "-" {
		fmt.Fprintf(stdout, "wrote %s: %d law runs\n", *out, len(runs))
	}
	return exitOK
}
