package observe

import (
	"encoding/json"
	"strings"
)

// ResultTitle is the title of the info message in which a run states its
// verdict. Its content is a line of Markdown for people followed by the
// details as a fenced JSON block: "status" (passed, failed or errored),
// "cases", "discarded", "engine", "seed" and, when there is one, "message"
// and "counterexample". The content is text, not an object, because Tyche
// shows info messages as text. A reader that finds no result must not take
// the run for a pass.
const ResultTitle = "law result"

const fence = "\n\n```json\n"

// ResultContent makes the content of a result message: summary, then
// details as JSON.
func ResultContent(summary string, details Object) string {
	return summary + fence + string(details.appendJSON(nil)) + "\n```"
}

// ResultDetails returns the details of a result message written by
// ResultContent, or given as an object.
func ResultDetails(o *Observation) (Object, bool) {
	if o.Type != Info || o.Title != ResultTitle {
		return nil, false
	}
	if o.Details != nil {
		return o.Details, true
	}
	i := strings.Index(o.Content, fence)
	if i < 0 {
		return nil, false
	}
	body, _, ok := strings.Cut(o.Content[i+len(fence):], "\n```")
	if !ok {
		return nil, false
	}
	var d Object
	if err := json.Unmarshal([]byte(body), &d); err != nil || d == nil {
		return nil, false
	}
	return d, true
}
