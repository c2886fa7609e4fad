package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/kgents/kgents-core/laws"
)

type jsonLaw struct {
	Name      string `json:"name"`
	Structure string `json:"structure"`
	Equation  string `json:"equation"`
}

type jsonInstance struct {
	Name string    `json:"name"`
	Laws []jsonLaw `json:"laws"`
}

func cmdList(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("list", stderr, "[-json]")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "lawcheck list: unexpected arguments %q\n", pos)
		return exitUsage
	}
	insts := laws.Instances()
	if *asJSON {
		out := make([]jsonInstance, 0, len(insts))
		for _, in := range insts {
			ji := jsonInstance{Name: in.Name}
			for _, l := range in.Laws {
				ji.Laws = append(ji.Laws, jsonLaw{l.Name, l.Structure, l.Equation})
			}
			out = append(out, ji)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "lawcheck list: %v\n", err)
			return exitUsage
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
