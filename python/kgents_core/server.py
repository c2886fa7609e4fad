"""The evaluator side of the bridge protocol (version 2): JSON lines.

The Go checker sends one request per line and reads one response per line:

    {"v": 2, "id": 1, "op": "describe"}
    {"v": 2, "id": 2, "op": "eval", "operad": "AgentOperad", "unchecked": false,
     "timeout_ms": 5000, "batch": 1, "runs": [{"term": ["seq", "inc", "dbl"], "inputs": [0, 2]}]}

describe lists each operad's operations with their sorts,
{"name": "branch", "arity": 3, "variadic": false, "args": ["predicate",
"agent", "agent"], "result": "agent"}, and its leaves with theirs,
{"name": "pos", "sort": "predicate"} (version 1 had no sorts and leaves as
bare names). A term is a leaf name or a list [operation, argument...]; inputs are indices
into the operad's input list from describe. Each run's result is
{"outputs": [...], "raised": V} (raised only when an exception ended the run
early) or {"error": {"kind": ..., "message": ...}} when the term could not be
built or run (kinds: compose, budget, timeout, state, request, and skipped for the
runs after a timeout in the same request or batch, which are not run). Nothing here
draws random numbers: the same request gives the same response.
"""

import json
import signal
import sys
import threading
import traceback

from .encode import encode_json
from .model import BuildError, Model, operads_of

PROTOCOL = 2


class _Timeout(BaseException):
    """Raised in the evaluating thread by the per-run timer. A BaseException so
    that user code catching Exception does not swallow it."""


class _Watchdog:
    """One interval timer per request instead of two system calls per run:
    it ticks every timeout/2, and a run still current at three consecutive
    ticks has taken at least the timeout (and less than 1.5 times it)."""

    def __init__(self):
        self.current = 0
        self.seen = -1
        self.strikes = 0
        self.active = True

    def tick(self, signum, frame):
        if not self.active:
            return
        if self.current == self.seen:
            self.strikes += 1
            if self.strikes >= 3:
                self.strikes = 0
                self.seen = -1
                raise _Timeout()
        else:
            self.seen = self.current
            self.strikes = 1


class Server:
    """Answers describe and eval requests for one or more operads."""

    def __init__(self, models):
        self.models = {m.name: m for m in models}
        self.order = [m.name for m in models]
        self.timed_out_batch = None

    @classmethod
    def for_object(cls, obj, leaves):
        return cls([Model(op, leaves) for op in operads_of(obj)])

    def describe(self):
        return {
            "protocol": PROTOCOL,
            "python": sys.version.split()[0],
            "operads": [self.models[n].describe() for n in self.order],
        }

    def handle(self, req):
        """The response (a dict) to one request (a dict)."""
        rid = req.get("id") if isinstance(req, dict) else None
        try:
            if not isinstance(req, dict) or req.get("v") != PROTOCOL:
                return _error(rid, "protocol", "want a request object with \"v\": %d, got %.200r" % (PROTOCOL, req))
            op = req.get("op")
            if op == "describe":
                return {"v": PROTOCOL, "id": rid, "ok": True, "describe": self.describe()}
            if op == "eval":
                return {"v": PROTOCOL, "id": rid, "ok": True, "results": self.eval(req)}
            return _error(rid, "protocol", "unknown op %r" % (op,))
        except _RequestError as e:
            return _error(rid, "request", str(e))

    def eval(self, req):
        model = self.models.get(req.get("operad"))
        if model is None:
            raise _RequestError("unknown operad %r" % (req.get("operad"),))
        unchecked = bool(req.get("unchecked"))
        timeout = float(req.get("timeout_ms") or 0) / 1000.0
        inputs = model.leaves.inputs
        timed = timeout > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        dog = _Watchdog()
        old = None
        if timed:
            old = signal.signal(signal.SIGALRM, dog.tick)
            signal.setitimer(signal.ITIMER_REAL, timeout / 2, timeout / 2)
        out = []
        batch = req.get("batch")
        timed_out = batch is not None and batch == self.timed_out_batch
        try:
            for run in req.get("runs") or []:
                if timed_out:
                    # A hang is likely to repeat in the runs that share its
                    # term: leave them to the checker, which asks again.
                    out.append({"error": {"kind": "skipped", "message": "not run: an earlier run of this request timed out"}})
                    continue
                try:
                    xs = [inputs[i] for i in run["inputs"]]
                except (KeyError, TypeError, IndexError):
                    out.append({"error": {"kind": "request", "message": "malformed run %.200r" % (run,)}})
                    continue
                try:
                    dog.current += 1
                    res = self._run(model, run.get("term"), xs, unchecked, timeout)
                except _Timeout:  # raised between two runs: count it against this one
                    res = {"error": {"kind": "timeout", "message": "no result within %gs" % timeout}}
                timed_out = not isinstance(res, _Raw) and res.get("error", {}).get("kind") == "timeout"
                if timed_out:
                    self.timed_out_batch = batch
                out.append(res)
        finally:
            dog.active = False
            if timed:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)
        return out

    def _run(self, model, term, xs, unchecked, timeout):
        try:
            agent, state = model.build(term)
            outputs, raised = model.run(agent, state, xs, unchecked)
            # Already JSON text: the response is assembled, not re-encoded.
            text = '{"outputs":[' + ",".join([encode_json(o) for o in outputs]) + "]"
            if raised is not None:
                text += ',"raised":' + encode_json(raised)
            return _Raw(text + "}")
        except _Timeout:
            return {"error": {"kind": "timeout", "message": "no result within %gs" % timeout}}
        except BuildError as e:
            return {"error": {"kind": e.kind, "message": str(e), "traceback": e.tb}}
        except (MemoryError, RecursionError) as e:
            return {"error": {"kind": "budget", "message": "%s: %s" % (type(e).__name__, e)}}
        except Exception as e:
            return {"error": {"kind": "internal", "message": "%s: %s" % (type(e).__name__, e), "traceback": traceback.format_exc(limit=8)}}


class _RequestError(Exception):
    pass


class _Raw(str):
    """A run result already written as JSON text."""


def _result_text(res):
    return res if isinstance(res, _Raw) else dumps(res)


def response_text(resp):
    """The JSON line of a response, with run results that are already text
    spliced in as they are."""
    results = resp.get("results")
    if results is None:
        return dumps(resp)
    head = dict(resp)
    del head["results"]
    return dumps(head)[:-1] + ',"results":[' + ",".join([_result_text(r) for r in results]) + "]}"


def _error(rid, kind, message):
    return {"v": PROTOCOL, "id": rid, "ok": False, "error": {"kind": kind, "message": message}}


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def serve(server, rfile, wfile, on_done=None):
    """Answer requests read from rfile (binary lines) on wfile (binary) until
    end of input, or until a "done" request, which is passed to on_done."""
    for line in rfile:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
        except ValueError as e:
            resp = _error(None, "protocol", "malformed request line: %s" % e)
        else:
            if isinstance(req, dict) and req.get("op") == "done":
                if on_done is not None:
                    on_done(req)
                return
            resp = server.handle(req)
        wfile.write(response_text(resp).encode("utf-8") + b"\n")
        wfile.flush()
