"""kgents_core: check the laws of Python operads with the kgents-core checker.

Go (lawcheck) generates terms over an operad's operations and leaves, shrinks
counterexamples and compares outputs; this package only builds and runs the
Python objects, deterministically, over a versioned JSON-lines protocol.

    from kgents_core import verify_operad_laws, Leaves
    verify_operad_laws(AGENT_OPERAD, leaves=Leaves({"inc": inc, "id": ident}))

See docs/python-bridge.md in the kgents-core repository.
"""

from .encode import encode
from .model import Adapter, Leaves, Model, ModelError
from .server import PROTOCOL, Server
from .verify import BridgeError, LawcheckNotFound, LawViolation, find_lawcheck, verify_operad_laws

__all__ = [
    "Adapter", "BridgeError", "Leaves", "LawViolation", "LawcheckNotFound", "Model", "ModelError",
    "PROTOCOL", "Server", "encode", "find_lawcheck", "replay", "verify_operad_laws",
]


def replay(operad, leaves, term, inputs, unchecked=False, operad_name=None):
    """Build term (in lawcheck's syntax, e.g. "seq(inc, par(dbl, id))") from
    operad and leaves and run it on inputs (a list of values). Returns
    (outputs, raised): the outputs, and the exception that ended the run early
    or None. operad may be a registry, with operad_name naming one of its
    operads. lawcheck prints this call for every counterexample."""
    from .model import operads_of
    ops = operads_of(operad)
    if operad_name is not None:
        ops = [o for o in ops if Model(o, leaves).name == operad_name] or ops
    model = Model(ops[0], leaves)
    agent, state = model.build(_parse(term))
    return model.run(agent, state, list(inputs), unchecked)


def _parse(text):
    import re
    toks = re.findall(r"[(),]|[^\s(),]+", text)
    pos = [0]

    def term():
        name = toks[pos[0]]
        pos[0] += 1
        if pos[0] < len(toks) and toks[pos[0]] == "(":
            pos[0] += 1
            args = []
            while toks[pos[0]] != ")":
                args.append(term())
                if toks[pos[0]] == ",":
                    pos[0] += 1
            pos[0] += 1
            return [name] + args
        return name

    t = term()
    if pos[0] != len(toks):
        raise ValueError("trailing text in term %r" % text)
    return t
