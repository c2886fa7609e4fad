"""python3 -m kgents_core serve MODULE:OBJECT [--leaves MODULE:OBJECT] [--path DIR]

Serves an operad (or every operad of a registry) to lawcheck over stdin and
stdout. lawcheck starts this itself; run it by hand only to debug the bridge.
Output that the operad's code prints goes to stderr, never into the protocol.
"""

import argparse
import importlib
import json
import os
import sys
import traceback


def load(spec, what):
    if ":" not in spec:
        raise SystemExit("kgents_core: %s %r: want MODULE:OBJECT" % (what, spec))
    mod, _, attr = spec.partition(":")
    try:
        obj = importlib.import_module(mod)
    except KeyboardInterrupt:
        raise
    except BaseException as e:
        # A module that is not on the path at all: the import machinery's
        # traceback says nothing the message does not. An error inside the
        # user's module keeps its traceback, which points at their line.
        tb = traceback.format_exc(limit=8)
        if isinstance(e, ModuleNotFoundError) and e.name is not None and (mod == e.name or mod.startswith(e.name + ".")):
            tb = ""
        _fatal("import", "importing %s for %s %s raised %s: %s" % (mod, what, spec, type(e).__name__, e), tb)
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            _fatal("import", "module %s has no %s (from %s %s)" % (mod, attr, what, spec), "")
    return obj


def _fatal(kind, message, tb):
    # The first line lawcheck reads: an error response instead of describe.
    out = getattr(sys, "_kgents_proto", sys.stdout)
    out.write(json.dumps({"v": 1, "id": None, "ok": False, "error": {"kind": kind, "message": message, "traceback": tb}}) + "\n")
    out.flush()
    raise SystemExit(3)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m kgents_core")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("object")
    s.add_argument("--leaves")
    s.add_argument("--path", action="append", default=[])
    s.add_argument("--max-memory-mb", type=int, default=0)
    args = p.parse_args(argv)
    if args.max_memory_mb > 0:
        _limit_memory(args.max_memory_mb)

    # The protocol keeps the real stdout; everything else the process writes
    # to fd 1 (print, os.write(1, ...)) lands on stderr.
    proto = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    sys._kgents_proto = _TextOut(proto)

    for d in args.path:
        sys.path.insert(0, os.path.abspath(d))
    from .server import Server, serve
    from .model import ModelError
    obj = load(args.object, "operad")
    leaves = load(args.leaves, "leaves") if args.leaves else _default_leaves(args.object)
    try:
        server = Server.for_object(obj, leaves)
    except (ModelError, TypeError, ValueError, AttributeError) as e:
        _fatal("model", "%s cannot be served: %s" % (args.object, e), traceback.format_exc(limit=8))
    serve(server, sys.stdin.buffer, proto)


def _limit_memory(mb):
    """A term whose construction explodes in size meets MemoryError here,
    instead of the machine's memory."""
    try:
        import resource
        limit = mb << 20
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass


class _TextOut:
    def __init__(self, b):
        self.b = b

    def write(self, s):
        self.b.write(s.encode("utf-8"))

    def flush(self):
        self.b.flush()


def _default_leaves(spec):
    """Without --leaves: a LEAVES object in the operad's module, if any."""
    mod = spec.partition(":")[0]
    m = sys.modules.get(mod)
    if m is not None and hasattr(m, "LEAVES"):
        return getattr(m, "LEAVES")
    return None


if __name__ == "__main__":
    main()
