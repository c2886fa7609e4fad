package main

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/kgents/kgents-core/laws/observe"
)

// binding is one "name = text" line of a representation.
type binding struct {
	Name, Text string
}

// bindingsOf splits a representation into its bindings, one a line.
func bindingsOf(rep string) []binding {
	var out []binding
	for _, line := range strings.Split(rep, "\n") {
		name, text, ok := strings.Cut(line, " = ")
		if !ok {
			if strings.TrimSpace(line) != "" {
				out = append(out, binding{Text: line})
			}
			continue
		}
		out = append(out, binding{Name: name, Text: text})
	}
	return out
}

var reportFuncs = template.FuncMap{
	"histogram":     histogram,
	"timeChart":     timeChart,
	"categoryChart": categoryChart,
	"termTree":      termTree,
	"bindings":      bindingsOf,
	"num":           formatNumber,
	"when": func(unix float64) string {
		return time.Unix(0, int64(unix*1e9)).UTC().Format("2006-01-02 15:04:05 UTC")
	},
	"value": func(v any) string {
		if f, ok := v.(float64); ok {
			return formatNumber(f)
		}
		return fmt.Sprint(v)
	},
	"add": func(a, b int) int { return a + b },
}

// The page allows no script and no request: its Content-Security-Policy
// forbids both, so a browser that finds one logs an error (the browser
// test watches for errors).
var reportTemplate = template.Must(template.New("report").Funcs(reportFuncs).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lawcheck report: {{len .Runs}} law runs</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1180px; padding: 0 1em; color: #1b1f24; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-top: 1px solid #d0d7de; padding-top: 1em; }
table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid #eaeef2; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { font-weight: 600; padding: 1px 8px; border-radius: 10px; }
.verdict.passed { background: #dafbe1; color: #116329; } .verdict.failed, .verdict.errored { background: #ffebe9; color: #a40e26; }
.verdict.unknown { background: #fff8c5; color: #7d4e00; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; padding: 6px; border: 1px solid #eaeef2; border-radius: 6px; }
figure.tree { display: inline-block; margin: 4px 0; }
figcaption span { color: #57606a; font-size: 12px; }
svg .bar { fill: #4c8bf5; } svg .axis { stroke: #57606a; } svg .tick { font-size: 10px; fill: #57606a; }
svg .edge { stroke: #8c959f; stroke-width: 1.5; }
svg .part.generate { fill: #4c8bf5; } svg .part.execute { fill: #2da44e; } svg .part.shrink { fill: #bf8700; } svg .part.other { fill: #8c959f; }
svg .node circle { stroke: #1b1f24; stroke-width: 1; } svg .node text { font: 11px ui-monospace, monospace; }
svg .node.op circle { fill: #ddf4ff; } svg .node.var circle { fill: #fbefff; } svg .node.const circle { fill: #fff8c5; }
pre { background: #f6f8fa; padding: 6px 8px; border-radius: 6px; white-space: pre-wrap; margin: 4px 0; }
p.result span { margin-right: 1.2em; white-space: nowrap; } p.result b { color: #57606a; font-weight: 500; }
ol.shrink li { margin-bottom: 4px; } .alert { background: #fff8c5; padding: 4px 8px; border-radius: 6px; }
.error { background: #ffebe9; padding: 4px 8px; border-radius: 6px; } .muted { color: #57606a; }
</style>
</head>
<body>
<h1>lawcheck report</h1>
<p class="muted">{{len .Runs}} law runs read from {{.Source}}, written {{.Written}}. A verdict is the run's own; "unknown" means the observations do not include the run's result.</p>
<table id="summary">
<tr><th>instance</th><th>law</th><th>verdict</th><th class="n">passed</th><th class="n">gave up</th><th class="n">failed</th><th class="n">shrink steps</th><th>started</th></tr>
{{range .Runs}}<tr><td>{{.Instance}}</td><td><a href="#{{.ID}}">{{.Law}}</a></td><td><span class="verdict {{.Verdict}}">{{.Verdict}}</span></td><td class="n">{{.Passed}}</td><td class="n">{{.GaveUp}}</td><td class="n">{{.Failed}}</td><td class="n">{{.ShrinkSteps}}</td><td>{{when .RunStart}}</td></tr>
{{end}}</table>
{{range .Runs}}
<section class="run" id="{{.ID}}" data-verdict="{{.Verdict}}">
<h2>{{.Instance}} / {{.Law}} <span class="verdict {{.Verdict}}">{{.Verdict}}</span></h2>
{{with .Result}}<p class="result">{{range .}}{{if ne .Key "counterexample"}}<span><b>{{.Key}}</b> {{value .Any}}</span> {{end}}{{end}}</p>{{end}}
<p>{{.Passed}} cases passed, {{.GaveUp}} gave up, {{.Failed}} failed; {{.ShrinkSteps}} cases tried while shrinking.</p>
{{range .Messages}}<p class="{{.Type}}"><b>{{.Type}}: {{.Title}}</b> {{if .Details}}{{range .Details}}{{.Key}}={{value .Any}} {{end}}{{else}}{{.Content}}{{end}}</p>{{end}}
{{with .Counterexample}}
<h3>Counterexample</h3>
{{if .StatusReason}}<p>{{.StatusReason}}</p>{{end}}
{{range bindings .Representation}}<pre>{{if .Name}}{{.Name}} = {{end}}{{.Text}}</pre>{{termTree .Name .Text}}{{end}}
{{end}}
{{if gt (len .ShrinkPath) 1}}
<h3>Shrink path</h3>
<ol class="shrink">{{$run := .}}{{range $i, $c := .ShrinkPath}}<li><span class="muted">{{if eq $i 0}}first failure{{else}}step {{$i}}{{end}}{{with index $run.Repeats $i}}{{if gt . 1}}, failing {{.}} times in a row with these bindings{{end}}{{end}}</span><pre>{{$c.Representation}}</pre></li>{{end}}</ol>
{{end}}
<h3>What was generated</h3>
<div class="charts">
{{if .How.Keys}}{{categoryChart .How}}{{end}}
{{if .Reasons.Keys}}{{categoryChart .Reasons}}{{end}}
{{range .Numeric}}{{histogram .}}{{end}}
{{range .Categorical}}{{categoryChart .}}{{end}}
</div>
{{if gt .Time.Total 0.0}}
<h3>Where the time went</h3>
<div class="charts">
{{timeChart .Time}}
{{range .Timings}}{{histogram .}}{{end}}
</div>
{{end}}
</section>
{{end}}
</body>
</html>
`))

// writeReport renders runs as one self-contained HTML page.
func writeReport(w io.Writer, runs []*reportRun, source string, written time.Time) error {
	return reportTemplate.Execute(w, struct {
		Runs    []*reportRun
		Source  string
		Written string
	}{runs, source, written.UTC().Format("2006-01-02 15:04:05 UTC")})
}

// readRuns reads the observations of dir and groups them into runs.
func readRuns(dir string) ([]*reportRun, error) {
	obs, err := observe.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	return buildRuns(obs), nil
}
