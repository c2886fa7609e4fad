package trace

import (
	"fmt"
	"slices"
	"strings"
)

// LinkRelation is how a link's source relates to the node that carries it.
// It is serialised by name ("CAUSES"). The zero value is not a relation.
type LinkRelation uint8

// The four relations of kgents.
const (
	Causes    LinkRelation = 1 // the source directly caused the node
	Continues LinkRelation = 2 // the node continues the source's thread
	Branches  LinkRelation = 3 // the node is a parallel exploration from the source
	Fulfills  LinkRelation = 4 // the node completes an intent declared in the source, often a plan
)

var relationNames = [...]string{"", "CAUSES", "CONTINUES", "BRANCHES", "FULFILLS"}

// String returns the relation's kgents name, e.g. "CAUSES".
func (r LinkRelation) String() string {
	if r.valid() {
		return relationNames[r]
	}
	return fmt.Sprintf("LinkRelation(%d)", uint8(r))
}

func (r LinkRelation) valid() bool { return r >= Causes && r <= Fulfills }

// ParseLinkRelation returns the relation with the given kgents name.
func ParseLinkRelation(name string) (LinkRelation, error) {
	for i := Causes; i <= Fulfills; i++ {
		if relationNames[i] == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("trace: unknown link relation %q", name)
}

// Phase is an N-Phase, serialised by value. The empty Phase means "no phase"
// (null in JSON).
type Phase string

// The thirteen phases of kgents. Note the hyphen in PhaseCrossSynergize's value.
const (
	PhaseSense          Phase = "SENSE"
	PhaseAct            Phase = "ACT"
	PhaseReflect        Phase = "REFLECT"
	PhasePlan           Phase = "PLAN"
	PhaseResearch       Phase = "RESEARCH"
	PhaseDevelop        Phase = "DEVELOP"
	PhaseStrategize     Phase = "STRATEGIZE"
	PhaseCrossSynergize Phase = "CROSS-SYNERGIZE"
	PhaseImplement      Phase = "IMPLEMENT"
	PhaseQA             Phase = "QA"
	PhaseTest           Phase = "TEST"
	PhaseEducate        Phase = "EDUCATE"
	PhaseMeasure        Phase = "MEASURE"
)

// Phases lists every phase in kgents' declaration order.
func Phases() []Phase {
	return slices.Clone(allPhases[:])
}

var allPhases = [...]Phase{
	PhaseSense, PhaseAct, PhaseReflect, PhasePlan, PhaseResearch, PhaseDevelop,
	PhaseStrategize, PhaseCrossSynergize, PhaseImplement, PhaseQA, PhaseTest,
	PhaseEducate, PhaseMeasure,
}

// phaseIndex returns 1..13 for a known phase, 0 for none and -1 for unknown.
func phaseIndex(p Phase) int {
	if p == "" {
		return 0
	}
	for i, q := range allPhases {
		if q == p {
			return i + 1
		}
	}
	return -1
}

// ParsePhase returns the phase with the given value; "" is no phase.
func ParsePhase(value string) (Phase, error) {
	if phaseIndex(Phase(value)) < 0 {
		return "", fmt.Errorf("trace: unknown phase %q", value)
	}
	return Phase(value), nil
}

// Family returns the phase's family: PhaseSense, PhaseAct or PhaseReflect
// (SENSE = SENSE, PLAN, RESEARCH, DEVELOP, STRATEGIZE, CROSS-SYNERGIZE;
// ACT = ACT, IMPLEMENT, QA, TEST, EDUCATE; REFLECT = REFLECT, MEASURE).
// It returns "" for no phase or an unknown one.
func (p Phase) Family() Phase {
	switch p {
	case PhaseSense, PhasePlan, PhaseResearch, PhaseDevelop, PhaseStrategize, PhaseCrossSynergize:
		return PhaseSense
	case PhaseAct, PhaseImplement, PhaseQA, PhaseTest, PhaseEducate:
		return PhaseAct
	case PhaseReflect, PhaseMeasure:
		return PhaseReflect
	}
	return ""
}

// TrustLevel is the observer's rung on kgents' trust ladder.
type TrustLevel uint8

// The trust ladder, from least to most trusted. The names carry "Trust" so
// that they read apart from the read-only ledger ([ErrReadOnly],
// [OpenReadOnly]).
const (
	TrustReadOnly   TrustLevel = 0
	TrustBounded    TrustLevel = 1
	TrustSuggestion TrustLevel = 2
	TrustAutonomous TrustLevel = 3
)

// Bounded is the old name of TrustBounded.
//
// Deprecated: use TrustBounded.
const Bounded = TrustBounded

func (t TrustLevel) valid() bool { return t <= TrustAutonomous }

// String returns the level's kgents name, e.g. "AUTONOMOUS".
func (t TrustLevel) String() string {
	switch t {
	case TrustReadOnly:
		return "READ_ONLY"
	case TrustBounded:
		return "BOUNDED"
	case TrustSuggestion:
		return "SUGGESTION"
	case TrustAutonomous:
		return "AUTONOMOUS"
	}
	return fmt.Sprintf("TrustLevel(%d)", uint8(t))
}

// IsPlanPath reports whether a link source names a plan rather than a trace:
// kgents decides from the text alone (it ends with ".md" or starts with
// "plans/"). Plan links are not checked on append.
func IsPlanPath(source string) bool {
	return strings.HasSuffix(source, ".md") || strings.HasPrefix(source, "plans/")
}

// Link is a typed edge from Source (a trace id or a plan path) to the node
// that carries it. Target is the id Python records as the link's target; it is
// kept as data and never checked (as in kgents). The zero Link is invalid.
type Link struct {
	source, target string
	relation       LinkRelation
	meta           string // canonical JSON, "" for {}
}

// NewLink returns a link. Metadata is copied (see [TraceNode.Metadata] for the
// value model).
func NewLink(source, target string, relation LinkRelation, metadata map[string]any) Link {
	return Link{source: source, target: target, relation: relation, meta: canonicalMap(metadata)}
}

// Source returns the trace id or plan path the link comes from.
func (l Link) Source() string { return l.source }

// Target returns the id recorded as the link's target.
func (l Link) Target() string { return l.target }

// Relation returns the link's relation.
func (l Link) Relation() LinkRelation { return l.relation }

// IsPlan reports whether the source is a plan path (see [IsPlanPath]).
func (l Link) IsPlan() bool { return IsPlanPath(l.source) }

// Metadata returns a fresh copy of the link's metadata.
func (l Link) Metadata() map[string]any { return decodeMap(l.meta) }

// Umwelt is what the observer could see and do when the node was emitted.
// The zero Umwelt means "not given": [New] replaces it by [SystemUmwelt].
type Umwelt struct {
	observer, role string
	caps, percs    []string // sorted, unique, never mutated
	trust          TrustLevel
	set            bool
}

// NewUmwelt returns an umwelt. Capabilities and perceptions are sets: they are
// copied, sorted and deduplicated. kgents' default role is "developer".
func NewUmwelt(observerID, role string, trust TrustLevel, capabilities, perceptions []string) Umwelt {
	return Umwelt{observer: observerID, role: role, caps: sortedSet(capabilities),
		percs: sortedSet(perceptions), trust: trust, set: true}
}

var systemUmwelt = Umwelt{observer: "system", role: "system",
	caps: []string{"execute", "observe", "read", "write"}, percs: []string{"all"},
	trust: TrustAutonomous, set: true}

// SystemUmwelt is kgents' UmweltSnapshot.system(): observer and role "system",
// capabilities {read, write, execute, observe}, perceptions {all}, trust 3.
func SystemUmwelt() Umwelt { return systemUmwelt }

var witnessPerceptions = []string{"agentese", "ci", "filesystem", "git", "tests"}

// WitnessUmwelt is kgents' UmweltSnapshot.witness(t): observer and role
// "witness", perceptions {git, filesystem, tests, agentese, ci}, and
// capabilities that grow with trust: {observe}, then write_kgents, suggest and
// execute at levels 1, 2 and 3.
func WitnessUmwelt(trust TrustLevel) Umwelt {
	caps := []string{"observe"}
	if trust >= TrustBounded {
		caps = append(caps, "write_kgents")
	}
	if trust >= TrustSuggestion {
		caps = append(caps, "suggest")
	}
	if trust >= TrustAutonomous {
		caps = append(caps, "execute")
	}
	return Umwelt{observer: "witness", role: "witness", caps: sortedSet(caps),
		percs: witnessPerceptions, trust: trust, set: true}
}

// ObserverID returns the observer's id.
func (u Umwelt) ObserverID() string { return u.observer }

// Role returns the observer's role.
func (u Umwelt) Role() string { return u.role }

// TrustLevel returns the observer's trust level.
func (u Umwelt) TrustLevel() TrustLevel { return u.trust }

// Capabilities returns a sorted copy of the capability set.
func (u Umwelt) Capabilities() []string { return slices.Clone(u.caps) }

// Perceptions returns a sorted copy of the perception set.
func (u Umwelt) Perceptions() []string { return slices.Clone(u.percs) }

// HasCapability reports whether c is in the capability set.
func (u Umwelt) HasCapability(c string) bool {
	_, ok := slices.BinarySearch(u.caps, c)
	return ok
}

// Stimulus is what triggered a node. The zero Stimulus means "not given":
// [New] replaces it by kind "unknown", content "".
type Stimulus struct {
	kind, content, source string
	meta                  string
	set                   bool
}

// NewStimulus returns a stimulus; metadata is copied.
func NewStimulus(kind, content, source string, metadata map[string]any) Stimulus {
	return Stimulus{kind: kind, content: content, source: source, meta: canonicalMap(metadata), set: true}
}

// StimulusFromAgentese is kgents' Stimulus.from_agentese: kind "agentese",
// content "path.aspect", source "agentese", metadata {path, aspect} plus extra.
func StimulusFromAgentese(path, aspect string, extra map[string]any) Stimulus {
	m := make(map[string]any, len(extra)+2)
	for k, v := range extra {
		m[k] = v
	}
	m["path"], m["aspect"] = path, aspect
	return NewStimulus("agentese", path+"."+aspect, "agentese", m)
}

// StimulusFromPrompt is kgents' Stimulus.from_prompt: kind "prompt". kgents'
// default source is "user".
func StimulusFromPrompt(prompt, source string) Stimulus {
	return NewStimulus("prompt", prompt, source, nil)
}

// StimulusFromEvent is kgents' Stimulus.from_event: the kind is the event type.
func StimulusFromEvent(eventType, content, source string) Stimulus {
	return NewStimulus(eventType, content, source, nil)
}

// Kind returns the stimulus kind (prompt, agentese, git, file, ...).
func (s Stimulus) Kind() string { return s.kind }

// Content returns the stimulus content.
func (s Stimulus) Content() string { return s.content }

// Source returns the stimulus source.
func (s Stimulus) Source() string { return s.source }

// Metadata returns a fresh copy of the stimulus metadata.
func (s Stimulus) Metadata() map[string]any { return decodeMap(s.meta) }

// Response is what a node produced. The zero Response means "not given": [New]
// replaces it by kind "unknown", content "", success true.
type Response struct {
	kind, content string
	failed        bool
	meta          string
	set           bool
}

// NewResponse returns a response; metadata is copied.
func NewResponse(kind, content string, success bool, metadata map[string]any) Response {
	return Response{kind: kind, content: content, failed: !success, meta: canonicalMap(metadata), set: true}
}

// ThoughtResponse is kgents' Response.thought: kind "thought", metadata {tags}.
func ThoughtResponse(content string, tags []string) Response {
	t := make([]any, len(tags))
	for i, s := range tags {
		t[i] = s
	}
	return NewResponse("thought", content, true, map[string]any{"tags": t})
}

// ProjectionResponse is kgents' Response.projection: kind "projection",
// content "Projected PATH to TARGET", metadata {path, target}. kgents' default
// target is "cli".
func ProjectionResponse(path, target string) Response {
	return NewResponse("projection", "Projected "+path+" to "+target, true,
		map[string]any{"path": path, "target": target})
}

// ErrorResponse is kgents' Response.error: kind "error", success false.
func ErrorResponse(message string) Response {
	return NewResponse("error", message, false, nil)
}

// Kind returns the response kind (text, state, file, projection, thought, error, ...).
func (r Response) Kind() string { return r.kind }

// Content returns the response content.
func (r Response) Content() string { return r.content }

// Success reports whether the response is a success.
func (r Response) Success() bool { return !r.failed }

// Metadata returns a fresh copy of the response metadata.
func (r Response) Metadata() map[string]any { return decodeMap(r.meta) }

var (
	defaultStimulus = Stimulus{kind: "unknown", set: true}
	defaultResponse = Response{kind: "unknown", set: true}
)

func sortedSet(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	c := slices.Clone(s)
	slices.Sort(c)
	return slices.Compact(c)
}
