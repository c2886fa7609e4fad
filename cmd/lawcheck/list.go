package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/kgents/kgents-core/laws"
)

func cmdList(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("list", stderr, "[-json]")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "lawcheck list: unexpected arguments %q\n", pos)
		return exitUsage
	}
	insts := laws.Instances()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		for _, in := range insts {
			for _, l := range in.Laws {
				if err := enc.Encode(laws.LawRecordOf(in.Name, l)); err != nil {
					fmt.Fprintf(stderr, "lawcheck list: %v\n", err)
					return exitUsage
				}
			}
		}
		return exitOK
	}
	nlaws := 0
	for _, in := range insts {
		fmt.Fprintf(stdout, "%s\n", in.Name)
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, l := range in.Laws {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Name, l.Structure, l.Equation)
			nlaws++
		}
		tw.Flush()
	}
	fmt.Fprintf(stdout, "%d instances, %d laws\n", len(insts), nlaws)
	return exitOK
}
