package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/kgents/kgents-core/laws"
)

func cmdList(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("list", stderr, "[-json]")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	if _, code, ok := parseArgs(fs, args, argCount{max: 0, want: "no arguments"}); !ok {
		return code
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
	fmt.Fprintf(stdout, "%s, %s\n", count(len(insts), "instance"), count(nlaws, "law"))
	return exitOK
}
