"""kgents' TraceNode and trace store, as docs/data-model.md and docs/ledger.md describe them,
for trace/python_interop_test.go.

This is the Python side of the interop test: frozen dataclasses with kgents'
fields, defaults, constructors and factories; to_dict/from_dict with the real
datetime (isoformat, fromisoformat) and json modules; and the store's save
(indent 2, non-JSON values stringified) and load (no validation). Standard
library only.

Usage (one command per run):

    kgents_trace.py roundtrip IN OUT  load IN with from_dict, check that every
                                      node's to_dict gives back its input dict
                                      (keys in the same order; sets compared
                                      as sets), and save the store to OUT
    kgents_trace.py build OUT         build nodes with kgents' constructors
                                      and save them to OUT
    kgents_trace.py bad DIR           write store files that load() accepts
                                      but a validating reader must refuse, and
                                      one that from_dict itself refuses; print
                                      one JSON line per file saying what load()
                                      did with it
"""

import dataclasses
import json
import math
import os
import sys
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, auto
from typing import Any, Optional


class LinkRelation(Enum):
    CAUSES = auto()
    CONTINUES = auto()
    BRANCHES = auto()
    FULFILLS = auto()


class NPhase(Enum):
    SENSE = "SENSE"
    ACT = "ACT"
    REFLECT = "REFLECT"
    PLAN = "PLAN"
    RESEARCH = "RESEARCH"
    DEVELOP = "DEVELOP"
    STRATEGIZE = "STRATEGIZE"
    CROSS_SYNERGIZE = "CROSS-SYNERGIZE"
    IMPLEMENT = "IMPLEMENT"
    QA = "QA"
    TEST = "TEST"
    EDUCATE = "EDUCATE"
    MEASURE = "MEASURE"


def is_plan_path(source: str) -> bool:
    return source.endswith(".md") or source.startswith("plans/")


@dataclass(frozen=True)
class TraceLink:
    source: str
    target: str
    relation: LinkRelation
    metadata: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "relation": self.relation.name,
            "metadata": dict(self.metadata),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "TraceLink":
        return cls(
            source=d["source"],
            target=d["target"],
            relation=LinkRelation[d["relation"]],
            metadata=d.get("metadata", {}),
        )


@dataclass(frozen=True)
class UmweltSnapshot:
    observer_id: str
    role: str = "developer"
    capabilities: frozenset = frozenset()
    perceptions: frozenset = frozenset()
    trust_level: int = 0

    @classmethod
    def system(cls) -> "UmweltSnapshot":
        return cls(
            observer_id="system",
            role="system",
            capabilities=frozenset({"read", "write", "execute", "observe"}),
            perceptions=frozenset({"all"}),
            trust_level=3,
        )

    @classmethod
    def witness(cls, trust_level: int = 0) -> "UmweltSnapshot":
        caps = {"observe"}
        if trust_level >= 1:
            caps.add("write_kgents")
        if trust_level >= 2:
            caps.add("suggest")
        if trust_level >= 3:
            caps.add("execute")
        return cls(
            observer_id="witness",
            role="witness",
            capabilities=frozenset(caps),
            perceptions=frozenset({"git", "filesystem", "tests", "agentese", "ci"}),
            trust_level=trust_level,
        )

    def to_dict(self) -> dict:
        return {
            "observer_id": self.observer_id,
            "role": self.role,
            "capabilities": list(self.capabilities),  # set order, as kgents
            "perceptions": list(self.perceptions),
            "trust_level": self.trust_level,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "UmweltSnapshot":
        return cls(
            observer_id=d.get("observer_id", "unknown"),
            role=d.get("role", "developer"),
            capabilities=frozenset(d.get("capabilities", [])),
            perceptions=frozenset(d.get("perceptions", [])),
            trust_level=d.get("trust_level", 0),
        )


@dataclass(frozen=True)
class Stimulus:
    kind: str
    content: str
    source: str = ""
    metadata: dict = field(default_factory=dict)

    @classmethod
    def from_agentese(cls, path: str, aspect: str, **kwargs: Any) -> "Stimulus":
        return cls(
            kind="agentese",
            content=f"{path}.{aspect}",
            source="agentese",
            metadata={"path": path, "aspect": aspect, **kwargs},
        )

    @classmethod
    def from_prompt(cls, prompt: str, source: str = "user") -> "Stimulus":
        return cls(kind="prompt", content=prompt, source=source)

    @classmethod
    def from_event(cls, event_type: str, content: str, source: str) -> "Stimulus":
        return cls(kind=event_type, content=content, source=source)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "content": self.content,
            "source": self.source,
            "metadata": dict(self.metadata),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Stimulus":
        return cls(
            kind=d.get("kind", "unknown"),
            content=d.get("content", ""),
            source=d.get("source", ""),
            metadata=d.get("metadata", {}),
        )


@dataclass(frozen=True)
class Response:
    kind: str
    content: str
    success: bool = True
    metadata: dict = field(default_factory=dict)

    @classmethod
    def thought(cls, content: str, tags: tuple = ()) -> "Response":
        return cls(kind="thought", content=content, metadata={"tags": list(tags)})

    @classmethod
    def projection(cls, path: str, target: str = "cli") -> "Response":
        return cls(
            kind="projection",
            content=f"Projected {path} to {target}",
            metadata={"path": path, "target": target},
        )

    @classmethod
    def error(cls, message: str) -> "Response":
        return cls(kind="error", content=message, success=False)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "content": self.content,
            "success": self.success,
            "metadata": dict(self.metadata),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Response":
        return cls(
            kind=d.get("kind", "unknown"),
            content=d.get("content", ""),
            success=d.get("success", True),
            metadata=d.get("metadata", {}),
        )


def new_id() -> str:
    return f"trace-{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class TraceNode:
    id: str = field(default_factory=new_id)
    origin: str = "unknown"
    stimulus: Stimulus = field(default_factory=lambda: Stimulus(kind="unknown", content=""))
    response: Response = field(default_factory=lambda: Response(kind="unknown", content=""))
    umwelt: UmweltSnapshot = field(default_factory=UmweltSnapshot.system)
    links: tuple = ()
    timestamp: datetime = field(default_factory=datetime.now)
    phase: Optional[NPhase] = None
    walk_id: Optional[str] = None
    tags: tuple = ()
    metadata: dict = field(default_factory=dict)

    @classmethod
    def from_thought(cls, content, source, tags=(), origin="witness", trust_level=0, phase=None):
        return cls(
            origin=origin,
            stimulus=Stimulus.from_event(source, f"Event from {source}", source),
            response=Response.thought(content, tags),
            umwelt=UmweltSnapshot.witness(trust_level),
            phase=phase,
            tags=tuple(tags),
        )

    @classmethod
    def from_agentese(cls, path, aspect, response_content, origin="logos", umwelt=None, phase=None, **kwargs):
        # kgents' quirk: response_content is ignored.
        return cls(
            origin=origin,
            stimulus=Stimulus.from_agentese(path, aspect, **kwargs),
            response=Response.projection(f"{path}.{aspect}"),
            umwelt=umwelt or UmweltSnapshot.system(),
            phase=phase,
            metadata={"agentese_path": path, "aspect": aspect, **kwargs},
        )

    def with_link(self, link: TraceLink) -> "TraceNode":
        return dataclasses.replace(self, links=self.links + (link,))

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "origin": self.origin,
            "stimulus": self.stimulus.to_dict(),
            "response": self.response.to_dict(),
            "umwelt": self.umwelt.to_dict(),
            "links": [l.to_dict() for l in self.links],
            "timestamp": self.timestamp.isoformat(),
            "phase": self.phase.value if self.phase else None,
            "walk_id": self.walk_id,
            "tags": list(self.tags),
            "metadata": dict(self.metadata),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "TraceNode":
        return cls(
            id=d["id"],
            origin=d.get("origin", "unknown"),
            stimulus=Stimulus.from_dict(d["stimulus"]) if d.get("stimulus") else Stimulus(kind="unknown", content=""),
            response=Response.from_dict(d["response"]) if d.get("response") else Response(kind="unknown", content=""),
            umwelt=UmweltSnapshot.from_dict(d["umwelt"]) if d.get("umwelt") else UmweltSnapshot.system(),
            links=tuple(TraceLink.from_dict(l) for l in d.get("links", [])),
            timestamp=datetime.fromisoformat(d["timestamp"]),
            phase=NPhase(d["phase"]) if d.get("phase") else None,
            walk_id=d.get("walk_id"),
            tags=tuple(d.get("tags", [])),
            metadata=d.get("metadata", {}),
        )


class TraceStore:
    """The store's persistence: save writes every node, load validates nothing."""

    def __init__(self):
        self.nodes = {}
        self.timeline = []

    def append_unchecked(self, node: TraceNode) -> None:
        self.nodes[node.id] = node
        self.timeline.append(node.id)

    def save(self, path: str) -> None:
        data = {"version": 1, "nodes": [self.nodes[i].to_dict() for i in self.timeline]}
        with open(path, "w") as f:
            json.dump(data, f, indent=2, default=str)

    @classmethod
    def load(cls, path: str) -> "TraceStore":
        with open(path) as f:
            data = json.load(f)
        s = cls()
        for d in data.get("nodes", []):
            s.append_unchecked(TraceNode.from_dict(d))
        return s


SET_FIELDS = ("capabilities", "perceptions")


def same_shape(want, got, path="node"):
    """Report the first difference between two to_dict values, key order
    included; umwelt sets are compared as sets."""
    if isinstance(want, dict):
        if not isinstance(got, dict) or list(want) != list(got):
            return f"{path}: keys {list(want)} became {None if not isinstance(got, dict) else list(got)}"
        for k in want:
            if k in SET_FIELDS and path.endswith(".umwelt"):
                if sorted(want[k]) != sorted(got[k]):
                    return f"{path}.{k}: {want[k]!r} became {got[k]!r}"
                continue
            diff = same_shape(want[k], got[k], f"{path}.{k}")
            if diff:
                return diff
        return None
    if isinstance(want, list):
        if not isinstance(got, list) or len(want) != len(got):
            return f"{path}: {want!r} became {got!r}"
        for i, (w, g) in enumerate(zip(want, got)):
            diff = same_shape(w, g, f"{path}[{i}]")
            if diff:
                return diff
        return None
    if type(want) is not type(got) or want != got:
        return f"{path}: {want!r} became {got!r}"
    return None


def roundtrip(src: str, dst: str) -> None:
    with open(src) as f:
        data = json.load(f)
    assert list(data) == ["version", "nodes"], f"store keys {list(data)}"
    store = TraceStore.load(src)
    for i, d in enumerate(data["nodes"]):
        diff = same_shape(d, store.nodes[d["id"]].to_dict(), f"nodes[{i}]")
        if diff:
            sys.exit(f"to_dict(from_dict(x)) != x: {diff}")
        # What to_dict would write that from_dict does not normalise away:
        # an empty walk or phase is null, and (Go's promise) sets are sorted.
        for k in ("walk_id", "phase"):
            if d[k] == "":
                sys.exit(f"nodes[{i}].{k}: empty string, want null")
        for k in SET_FIELDS:
            if d["umwelt"][k] != sorted(set(d["umwelt"][k])):
                sys.exit(f"nodes[{i}].umwelt.{k}: {d['umwelt'][k]!r} is not a sorted set")
    store.save(dst)


def build(dst: str) -> None:
    s = TraceStore()
    thought = TraceNode.from_thought(
        "Noticed commit 9f2e", "git", tags=("git", "ci"), trust_level=1, phase=NPhase.CROSS_SYNERGIZE
    )
    thought = dataclasses.replace(thought, timestamp=datetime(2025, 12, 20, 14, 42, 20, 123456))
    agentese = TraceNode.from_agentese(
        "self.memory", "manifest", "this content is ignored",
        umwelt=UmweltSnapshot.witness(2), phase=NPhase.ACT, depth=3, note="naïve",
    )
    agentese = dataclasses.replace(agentese, timestamp=datetime(2025, 12, 20, 14, 42, 21))
    agentese = agentese.with_link(TraceLink(thought.id, agentese.id, LinkRelation.CAUSES, {"why": "commit"}))
    prompt = TraceNode(
        origin="brain",
        stimulus=Stimulus.from_prompt("héllo 😀 \u2028 \"quoted\""),
        response=Response.error("boom"),
        umwelt=UmweltSnapshot.system(),
        timestamp=datetime(2025, 12, 20, 14, 42, 21, 1),
        phase=NPhase.PLAN,
        walk_id="walk-5e6f7a8b9c0d",
        tags=("z", "a", "z"),
        metadata={"nested": {"list": [1, 2.5, None, True, "x", {"deep": []}]}, "big": 2**60},
    )
    prompt = prompt.with_link(TraceLink("plans/warp-servo-phase1.md", prompt.id, LinkRelation.FULFILLS, {"chunk": "1.1"}))
    prompt = prompt.with_link(TraceLink(agentese.id, prompt.id, LinkRelation.CONTINUES))
    event = TraceNode(
        id="custom-id",
        origin="ci",
        stimulus=Stimulus.from_event("ci", "build green", "github"),
        response=Response.projection("world.house", target="web"),
        umwelt=UmweltSnapshot(observer_id="dev", capabilities=frozenset({"b", "a", "c"})),
        timestamp=datetime(2025, 12, 20, 14, 42, 22, 500000),
        links=(TraceLink(thought.id, "elsewhere", LinkRelation.BRANCHES),),
    )
    default = dataclasses.replace(TraceNode(), timestamp=datetime(2025, 12, 19, 9, 0, 0))
    witnesses = [
        dataclasses.replace(TraceNode(umwelt=UmweltSnapshot.witness(t)), timestamp=datetime(2025, 12, 21, 0, 0, t))
        for t in range(4)
    ]
    for n in [thought, agentese, prompt, event, default] + witnesses:
        s.append_unchecked(n)
    s.save(dst)


def bad(dirname: str) -> None:
    """Store files that kgents' load() reads without complaint (it validates
    nothing), and one it refuses."""
    a = TraceNode(id="trace-aaaaaaaaaaaa", timestamp=datetime(2025, 12, 20, 12, 0, 0))
    cases = {
        # b links to a at the same instant: causality demands strictly later.
        "causality": [a, TraceNode(id="trace-bbbbbbbbbbbb", timestamp=a.timestamp, links=(
            TraceLink("plans/p.md", "trace-bbbbbbbbbbbb", LinkRelation.FULFILLS),
            TraceLink(a.id, "trace-bbbbbbbbbbbb", LinkRelation.CAUSES)))],
        "dangling": [a, TraceNode(id="trace-cccccccccccc", timestamp=datetime(2025, 12, 20, 12, 0, 1), links=(
            TraceLink("trace-000000000000", "trace-cccccccccccc", LinkRelation.CAUSES),))],
        "duplicate": [a, dataclasses.replace(a, timestamp=datetime(2025, 12, 20, 12, 0, 1))],
        "nan": [a, TraceNode(id="trace-dddddddddddd", timestamp=datetime(2025, 12, 20, 12, 0, 1),
                             metadata={"score": math.nan})],
    }
    for name, nodes in cases.items():
        s = TraceStore()
        for n in nodes:
            s.append_unchecked(n)
        path = os.path.join(dirname, name + ".json")
        s.save(path)
        loaded = TraceStore.load(path)
        print(json.dumps({"file": name, "loaded": len(loaded.timeline)}))
    # A relation kgents does not know: from_dict itself raises KeyError.
    d = TraceNode(id="trace-eeeeeeeeeeee", timestamp=datetime(2025, 12, 20, 12, 0, 1), links=(
        TraceLink(a.id, "trace-eeeeeeeeeeee", LinkRelation.CAUSES),)).to_dict()
    d["links"][0]["relation"] = "CAUSE"
    path = os.path.join(dirname, "relation.json")
    with open(path, "w") as f:
        json.dump({"version": 1, "nodes": [a.to_dict(), d]}, f, indent=2)
    try:
        TraceStore.load(path)
        print(json.dumps({"file": "relation", "loaded": 2}))
    except KeyError as e:
        print(json.dumps({"file": "relation", "error": f"KeyError {e}"}))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"roundtrip": roundtrip, "build": build, "bad": bad}[cmd](*args)
