package main

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/kgents/kgents-core/laws/term"
)

// The report's pictures are SVG written here, inline in the page: no
// script, no library and no network, so the page shows the same in any
// browser, the test reads the charts as text, and a reviewer can read the
// code that draws them.

const (
	chartW, chartH = 360, 170
	padL, padB     = 40, 34
	padT, padR     = 14, 10
	maxBars        = 24
)

func esc(s string) string { return html.EscapeString(s) }

// formatNumber prints a number briefly: integers without a point, others
// with up to 4 significant digits.
func formatNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'g', 4, 64)
}

type bar struct {
	label string
	count int
}

// histogram draws the distribution of a numeric feature: one bar per
// value when the values are few integers, otherwise equal-width bins.
func histogram(f *numericFeature) template.HTML {
	vs := append([]float64(nil), f.Values...)
	sort.Float64s(vs)
	lo, hi := vs[0], vs[len(vs)-1]
	var bars []bar
	integers := true
	for _, v := range vs {
		if v != math.Trunc(v) {
			integers = false
			break
		}
	}
	if integers && hi-lo < maxBars {
		counts := make([]int, int(hi-lo)+1)
		for _, v := range vs {
			counts[int(v-lo)]++
		}
		for i, c := range counts {
			bars = append(bars, bar{formatNumber(lo + float64(i)), c})
		}
	} else if hi == lo {
		bars = []bar{{formatNumber(lo), len(vs)}}
	} else {
		n := 20
		width := hi/float64(n) - lo/float64(n)
		counts := make([]int, n)
		for _, v := range vs {
			// v/width - lo/width rather than (v-lo)/width: the difference
			// of two huge numbers of opposite signs overflows.
			i := int(math.Floor(v/width - lo/width))
			i = min(max(i, 0), n-1)
			counts[i]++
		}
		for i, c := range counts {
			a := lo + float64(i)*width
			bars = append(bars, bar{"[" + formatNumber(a) + ", " + formatNumber(a+width) + ")", c})
		}
	}
	sub := fmt.Sprintf("%d cases, min %s, max %s, mean %s", len(vs), formatNumber(lo), formatNumber(hi), formatNumber(mean(vs)))
	return drawBars("histogram", f.Name, sub, bars)
}

func mean(vs []float64) float64 {
	s := 0.0
	for _, v := range vs {
		s += v
	}
	return s / float64(len(vs))
}

// categoryChart draws the counts of a categorical feature, the most
// frequent first.
func categoryChart(c *category) template.HTML {
	keys := append([]string(nil), c.Keys...)
	sort.SliceStable(keys, func(i, j int) bool { return c.Counts[keys[i]] > c.Counts[keys[j]] })
	var bars []bar
	other := 0
	for i, k := range keys {
		if i < maxBars-1 || len(keys) == maxBars {
			bars = append(bars, bar{k, c.Counts[k]})
		} else {
			other += c.Counts[k]
		}
	}
	if other > 0 {
		bars = append(bars, bar{fmt.Sprintf("(%d others)", len(keys)-len(bars)), other})
	}
	sub := fmt.Sprintf("%d cases, %d distinct", c.total(), len(keys))
	return drawBars("categories", c.Name, sub, bars)
}

func drawBars(kind, title, sub string, bars []bar) template.HTML {
	top := 0
	for _, b := range bars {
		top = max(top, b.count)
	}
	var s strings.Builder
	fmt.Fprintf(&s, `<figure class="chart %s" data-feature="%s"><figcaption><b>%s</b> <span>%s</span></figcaption>`, kind, esc(title), esc(title), esc(sub))
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`, chartW, chartH, chartW, chartH, esc(title))
	plotW, plotH := float64(chartW-padL-padR), float64(chartH-padT-padB)
	fmt.Fprintf(&s, `<line x1="%d" y1="%d" x2="%d" y2="%d" class="axis"/>`, padL, chartH-padB, chartW-padR, chartH-padB)
	fmt.Fprintf(&s, `<line x1="%d" y1="%d" x2="%d" y2="%d" class="axis"/>`, padL, padT, padL, chartH-padB)
	fmt.Fprintf(&s, `<text x="%d" y="%d" class="tick" text-anchor="end">%d</text>`, padL-4, padT+4, top)
	fmt.Fprintf(&s, `<text x="%d" y="%d" class="tick" text-anchor="end">0</text>`, padL-4, chartH-padB)
	bw := plotW / float64(len(bars))
	for i, b := range bars {
		h := 0.0
		if top > 0 {
			h = plotH * float64(b.count) / float64(top)
		}
		x := float64(padL) + float64(i)*bw
		fmt.Fprintf(&s, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %d</title></rect>`,
			x+1, float64(chartH-padB)-h, math.Max(bw-2, 1), h, esc(b.label), b.count)
	}
	// Label the first and last bars, and the middle one when there is room.
	labels := []int{0, len(bars) - 1}
	if len(bars) > 4 {
		labels = append(labels, len(bars)/2)
	}
	if len(bars) <= 6 {
		labels = labels[:0]
		for i := range bars {
			labels = append(labels, i)
		}
	}
	seen := map[int]bool{}
	for _, i := range labels {
		if seen[i] {
			continue
		}
		seen[i] = true
		x, anchor := float64(padL)+(float64(i)+0.5)*bw, "middle"
		if len(bars) > 6 && i == 0 {
			x, anchor = float64(padL), "start"
		} else if len(bars) > 6 && i == len(bars)-1 {
			x, anchor = float64(chartW-padR), "end"
		}
		fmt.Fprintf(&s, `<text x="%.1f" y="%d" class="tick" text-anchor="%s">%s</text>`, x, chartH-padB+14, anchor, esc(shorten(bars[i].label, 16)))
	}
	s.WriteString(`</svg></figure>`)
	return template.HTML(s.String())
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// maxTreeNodes bounds the terms drawn as trees; larger ones are shown as
// text only.
const maxTreeNodes = 200

// termTree draws text, in the term grammar, as a tree: operations at the
// inner nodes, variables and constants at the leaves. It returns "" when
// the text is not a term, is a single leaf, or is too large to draw.
func termTree(name, text string) template.HTML {
	t, err := term.Parse(text)
	if err != nil || t.Kind() != term.App || t.Size() > maxTreeNodes {
		return ""
	}
	const dx, dy, r = 64, 56, 18
	type node struct {
		label  string
		kind   term.Kind
		x, y   float64
		parent int
	}
	var nodes []node
	leaf := 0
	var place func(t *term.Term, depth, parent int) float64
	place = func(t *term.Term, depth, parent int) float64 {
		i := len(nodes)
		label := t.Name()
		if t.Kind() == term.Const {
			label = term.FormatConstant(t.Value())
		}
		nodes = append(nodes, node{label: label, kind: t.Kind(), y: float64(depth*dy + r + 6), parent: parent})
		var x float64
		if t.NumArgs() == 0 {
			x = float64(leaf*dx + r + 6)
			leaf++
		} else {
			first, last := 0.0, 0.0
			for k := range t.NumArgs() {
				cx := place(t.Arg(k), depth+1, i)
				if k == 0 {
					first = cx
				}
				last = cx
			}
			x = (first + last) / 2
		}
		nodes[i].x = x
		return x
	}
	place(t, 0, -1)
	w := max(leaf, 1)*dx + 12
	h := t.Depth()*dy + 12
	var s strings.Builder
	fmt.Fprintf(&s, `<figure class="tree" data-binding="%s"><figcaption><b>%s</b> as a tree</figcaption>`, esc(name), esc(name))
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" class="term-tree" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`, w, h, w, h, esc(text))
	for _, n := range nodes {
		if n.parent >= 0 {
			p := nodes[n.parent]
			fmt.Fprintf(&s, `<line class="edge" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, p.x, p.y, n.x, n.y)
		}
	}
	for _, n := range nodes {
		fmt.Fprintf(&s, `<g class="node %s"><circle cx="%.1f" cy="%.1f" r="%d"/><text x="%.1f" y="%.1f" text-anchor="middle">%s</text><title>%s</title></g>`,
			kindClass(n.kind), n.x, n.y, r, n.x, n.y+4, esc(shorten(n.label, 7)), esc(n.label))
	}
	s.WriteString(`</svg></figure>`)
	return template.HTML(s.String())
}

func kindClass(k term.Kind) string {
	switch k {
	case term.Var:
		return "var"
	case term.Const:
		return "const"
	}
	return "op"
}

// timeChart draws where a run's time went: one bar cut into generation,
// evaluation, shrinking and any other part, each as wide as its share,
// with a legend that gives each part's time.
func timeChart(t timeSplit) template.HTML {
	parts := []struct {
		class, label string
		secs         float64
	}{{"generate", "generation", t.Generate}, {"execute", "evaluation", t.Execute}, {"shrink", "shrinking", t.Shrink}, {"other", "other", t.Other}}
	total := t.Total()
	var sub []string
	for _, p := range parts {
		if p.secs > 0 {
			sub = append(sub, fmt.Sprintf("%s %s (%.0f%%)", p.label, formatSeconds(p.secs), 100*p.secs/total))
		}
	}
	const h = 90
	var s strings.Builder
	fmt.Fprintf(&s, `<figure class="chart time-split" data-feature="time by part"><figcaption><b>time by part</b> <span>%s</span></figcaption>`, esc(strings.Join(sub, ", ")))
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="time by part">`, chartW, h, chartW, h)
	x, plotW := float64(padR), float64(chartW-2*padR)
	lx := padR
	for _, p := range parts {
		if p.secs <= 0 {
			continue
		}
		w := plotW * p.secs / total
		fmt.Fprintf(&s, `<rect class="part %s" x="%.1f" y="10" width="%.1f" height="28"><title>%s: %s</title></rect>`, p.class, x, w, p.label, esc(formatSeconds(p.secs)))
		x += w
		fmt.Fprintf(&s, `<rect class="part %s" x="%d" y="56" width="10" height="10"/><text x="%d" y="65" class="tick">%s</text>`, p.class, lx, lx+14, p.label)
		lx += 90
	}
	s.WriteString(`</svg></figure>`)
	return template.HTML(s.String())
}

// formatSeconds prints a duration given in seconds briefly.
func formatSeconds(s float64) string {
	switch {
	case s < 1e-3:
		return strconv.FormatFloat(s*1e6, 'f', 1, 64) + " µs"
	case s < 1:
		return strconv.FormatFloat(s*1e3, 'f', 2, 64) + " ms"
	}
	return strconv.FormatFloat(s, 'f', 2, 64) + " s"
}
