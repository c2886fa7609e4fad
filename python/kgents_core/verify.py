"""verify_operad_laws: check an operad's laws from Python (for pytest).

It starts the Go checker (``lawcheck python --stdio``) and answers its
evaluation requests from the objects of this process, so the operad needs no
import path. lawcheck is found, in this order:

1. the environment variable KGENTS_LAWCHECK: the path of a lawcheck binary;
2. ``lawcheck`` on PATH;
3. ``go run ./cmd/lawcheck`` in the kgents-core repository that holds this
   package, when ``go`` is on PATH (slow the first time: it compiles).

Otherwise it raises LawcheckNotFound saying so.
"""

import os
import shutil
import subprocess
import threading

from .model import Model, operads_of
from .server import Server, dumps, serve


class BridgeError(RuntimeError):
    """The check could not run: lawcheck is missing, crashed, or broke the protocol."""


class LawcheckNotFound(BridgeError):
    """No lawcheck binary could be found (see the module doc for where it looks)."""


class LawViolation(AssertionError):
    """A law failed or errored. law is the first such result (a dict); results
    holds every law's result and report the checker's text report."""

    def __init__(self, law, results, report):
        self.law = law
        self.results = results
        self.report = report
        self.counterexample = law.get("counterexample")
        super().__init__("law %s of %s %s\n%s" % (law.get("law"), law.get("operad"), law.get("status", "").upper(), report))


def find_lawcheck():
    """The command line that starts lawcheck, or LawcheckNotFound."""
    env = os.environ.get("KGENTS_LAWCHECK")
    if env:
        if not (os.path.isfile(env) and os.access(env, os.X_OK)):
            raise LawcheckNotFound("KGENTS_LAWCHECK=%s is not an executable file" % env)
        return [env]
    found = shutil.which("lawcheck")
    if found:
        return [found]
    root = _repo_root()
    if root and shutil.which("go"):
        # go run needs the module as its working directory: -C gives it
        # without changing the caller's (pytest runs from anywhere).
        return ["go", "-C", root, "run", "./cmd/lawcheck"]
    raise LawcheckNotFound(
        "cannot find lawcheck: set KGENTS_LAWCHECK to its path, put it on PATH "
        "(go install github.com/kgents/kgents-core/cmd/lawcheck@latest), or use this package "
        "from a kgents-core checkout with go on PATH")


def _repo_root():
    d = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        with open(os.path.join(d, "go.mod")) as f:
            if "module github.com/kgents/kgents-core" in f.read():
                return d
    except OSError:
        pass
    return None


def verify_operad_laws(operad, leaves=None, checks=100, up_to=(), seed=0, engine="rapid",
                       unchecked=False, timeout=5.0, shrink_time=10.0, args=(),
                       allow_not_checkable=False):
    """Check every law of operad (or of every operad of a registry) on
    generated well-sorted terms over leaves (a Leaves, whose predicates=
    branch and fix take first, or a dict of name to agent).

    Returns the per-law results (dicts with operad, law, equation, status,
    cases, inferred, reason) when every law passed; raises LawViolation
    for the first law that failed or errored otherwise. A law whose
    equation cannot be checked (it does not parse, names an unknown
    operation, or has a wrong arity) has status "not checkable" and its
    reason, never "passed": it raises LawViolation too, so that a typo in an
    equation does not leave a test that cannot fail, unless
    allow_not_checkable is true, when it is returned with the others.
    up_to names normalisations applied to outputs before comparison, such as
    "assoc" (flatten nested tuples) or "without:timestamp" (drop a field).
    """
    server = Server([Model(op, leaves) for op in operads_of(operad)])
    cmd = find_lawcheck() + ["python", "--stdio", "-checks", str(int(checks)), "-seed", str(int(seed)),
                             "-engine", engine, "-timeout", "%gs" % timeout, "-shrinktime", "%gs" % shrink_time]
    if unchecked:
        cmd.append("-unchecked")
    for u in ([up_to] if isinstance(up_to, str) else up_to):
        cmd += ["-up-to", u]
    cmd += list(args)
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        raise LawcheckNotFound("cannot start %s: %s" % (" ".join(cmd), e))
    errs = []
    drain = threading.Thread(target=lambda: errs.append(proc.stderr.read()), daemon=True)
    drain.start()
    done = {}
    try:
        serve(server, proc.stdout, proc.stdin, on_done=done.update)
    except BrokenPipeError:
        pass
    finally:
        try:
            proc.stdin.close()
        except OSError:
            pass
        rc = proc.wait()
        drain.join(5)
        for f in (proc.stdout, proc.stderr):
            try:
                f.close()
            except OSError:
                pass
    stderr = (errs[0] if errs else b"").decode("utf-8", "replace")
    if not done:
        raise BridgeError("lawcheck (%s) exited with status %d without results:\n%s" % (" ".join(cmd), rc, stderr))
    results = done.get("results") or []
    report = done.get("report", "")
    for r in results:
        if r.get("status") in ("failed", "errored"):
            raise LawViolation(r, results, report)
    if not allow_not_checkable:
        for r in results:
            if r.get("status") == "not checkable":
                raise LawViolation(r, results, report)
    if rc not in (0, 1):
        raise BridgeError("lawcheck exited with status %d:\n%s%s" % (rc, report, stderr))
    return results
