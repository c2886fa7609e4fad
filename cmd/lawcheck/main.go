package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	_ "github.com/kgents/kgents-core/covenant/covenantlaws"     // registers the covenant terms algebra
	_ "github.com/kgents/kgents-core/laws/builtin"              // registers Go's built-in instances
	_ "github.com/kgents/kgents-core/operads/agent"             // registers the kgents agent operad
	_ "github.com/kgents/kgents-core/operads/agent/agentledger" // registers the agent trace-into-ledger law
	_ "github.com/kgents/kgents-core/operads/classic"           // registers End(int), the associative operad, planar trees
	_ "github.com/kgents/kgents-core/trace/tracelaws"           // registers the ledger algebra
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `lawcheck checks algebraic laws and prints shrunk counterexamples.

Usage:
  lawcheck list [-json]                 list registered instances and their laws
  lawcheck run [flags] [PATTERN]        check registered laws (PATTERN matches "instance/law")
  lawcheck report [-o FILE] DIR         draw the PBT observations in DIR as one HTML page
  lawcheck check [flags] FILE|DIR...    check the laws of operads described in JSON files
  lawcheck replay CASEFILE...           evaluate saved failures of check once each
  lawcheck python [flags] MODULE:OBJECT check the laws of a Python operad or registry
  lawcheck ledger verify|checkpoint|export|import ...
                                        check a durable trace ledger, keep its checkpoint,
                                        move it to and from a kgents store file

Run "lawcheck COMMAND -h" for a command's flags.
Exit status: 0 all laws hold (or the ledger checks out), 1 a law failed or
errored (or the ledger is damaged or disagrees with a checkpoint), 2 bad usage
or input, 130 interrupted.
`

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "list":
		return cmdList(args[1:], stdout, stderr)
	case "run":
		return cmdRun(args[1:], stdout, stderr)
	case "report":
		return cmdReport(args[1:], stdout, stderr)
	case "check":
		return cmdCheck(args[1:], stdout, stderr)
	case "replay":
		return cmdReplay(args[1:], stdout, stderr)
	case "python":
		return cmdPython(args[1:], stdout, stderr)
	case "ledger":
		return cmdLedger(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "lawcheck: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
