"""What the bridge serves: an operad's operations, laws and leaves, and how a
term over them is built and run.

Two kinds of Python operads are understood:

* kgents-shaped objects: an ``operations`` mapping of name to an object with
  ``arity`` (an int, -1 for variadic) and ``compose`` (called directly, never
  through the operation's own arity check), a ``laws`` list of objects with
  ``name`` and ``equation`` (the text; ``verify`` is never called), and agents
  with ``invoke(state, input)`` / ``transition(state, input)`` returning
  ``(new_state, output)`` and a ``positions`` set. A registry is anything with
  ``all_operads()`` (or a dict of operads).
* an :class:`Adapter` of plain functions, for any other operad.

A kgents agent has no initial state. The bridge tracks one per term: a leaf
declares its own (``Leaves(initial=...)``, an ``initial`` attribute, or its
only position), and a composite takes the shape of its operation: a pair for
seq and par, a triple for branch, ``(p, b, 0)`` for fix, the inner state for
trace, and the tuple of its arguments' states for any other operation unless
``Leaves(shapes=...)`` says otherwise.

Leaves and operations are sorted, so that generated terms are well-typed. A
leaf is an ``agent`` (given in ``Leaves(agents)``), a ``predicate`` (in
``Leaves(predicates=...)``: for kgents, a PolyAgent whose output is a bool;
for an Adapter, whatever its compose takes, e.g. a function returning bool)
or a ``value`` (``Leaves(values=...)``); ``Leaves(sorts={name: sort})`` gives
a leaf a sort of the user's own. An operation takes agents and returns an
agent, except the well-known kgents ones: ``branch`` (predicate, agent,
agent) -> agent and ``fix`` (predicate, agent) -> agent. An Adapter declares
other sorts with a four-tuple ``(arity, compose, arg_sorts, result_sort)``,
and ``Leaves(op_sorts={name: (arg_sorts, result_sort)})`` overrides any of
them. ``arg_sorts`` gives one sort per argument, or a last sort that repeats.
"""

DEFAULT_INPUTS = [0, 1, 2, -1, 3, 10]

AGENT, PREDICATE, VALUE = "agent", "predicate", "value"

# The sorts of kgents' well-known operations, by name and arity; any other
# operation takes agents and returns an agent.
KGENTS_SORTS = {
    ("branch", 3): ([PREDICATE, AGENT, AGENT], AGENT),
    ("fix", 2): ([PREDICATE, AGENT], AGENT),
}

KGENTS_SHAPES = {
    "seq": lambda l, r: (l, r),
    "par": lambda l, r: (l, r),
    "branch": lambda p, t, f: (p, t, f),
    "fix": lambda p, b: (p, b, 0),
    "trace": lambda s: s,
}


class ModelError(Exception):
    """The object cannot be served: it is not an operad, a leaf lacks an initial state..."""


class Leaves:
    """The leaves that a law's variables range over, and the inputs to run on.

    agents:   mapping of leaf name to agent (sort "agent").
    inputs:   the input values sequences are drawn from (default DEFAULT_INPUTS).
    initial:  mapping of leaf name to its initial state, for leaves with more
              than one position.
    identity: the name of the identity leaf, if not "id"/"Id"; identity laws
              are then inferred for the operations in identity_ops.
    shapes:   mapping of operation name to a function from the arguments'
              initial states to the composite's initial state.
    max_inputs: the longest input sequence drawn.
    predicates: mapping of leaf name to predicate (sort "predicate"): what
              branch and fix take first. For a kgents operad, an agent whose
              output is a bool; for an Adapter, what its compose expects.
    values:   mapping of leaf name to a plain value (sort "value").
    sorts:    mapping of leaf name to a sort of the user's own, overriding
              the sort the leaf has by the mapping it is given in.
    op_sorts: mapping of operation name to (arg_sorts, result_sort),
              overriding the inferred sorts of that operation.
    """

    def __init__(self, agents, inputs=None, initial=None, identity=None, identity_ops=("seq",), shapes=None, max_inputs=4,
                 predicates=None, values=None, sorts=None, op_sorts=None):
        if isinstance(agents, Leaves):
            raise TypeError("Leaves(Leaves(...)): pass the agents mapping")
        self.agents = dict(agents)
        self.predicates = dict(predicates or {})
        self.values = dict(values or {})
        self.all = {}
        self.sorts = {}
        for group, sort in ((self.agents, AGENT), (self.predicates, PREDICATE), (self.values, VALUE)):
            for name, leaf in group.items():
                if name in self.all:
                    raise TypeError("leaf %r is given twice (as %s and as %s)" % (name, self.sorts[name], sort))
                self.all[name] = leaf
                self.sorts[name] = sort
        for name, sort in dict(sorts or {}).items():
            if name not in self.all:
                raise TypeError("Leaves(sorts=...) names %r, which is not a leaf" % name)
            if not isinstance(sort, str) or not sort:
                raise TypeError("the sort of leaf %r must be a non-empty string, not %r" % (name, sort))
            self.sorts[name] = sort
        self.op_sorts = {n: _op_sorts(n, v) for n, v in dict(op_sorts or {}).items()}
        self.inputs = list(DEFAULT_INPUTS if inputs is None else inputs)
        self.initial = dict(initial or {})
        self.identity = identity
        self.identity_ops = tuple(identity_ops)
        self.shapes = dict(shapes or {})
        self.max_inputs = int(max_inputs)


def _op_sorts(name, v):
    try:
        args, result = v
        args = [str(a) for a in args]
        result = str(result)
    except (TypeError, ValueError):
        raise TypeError("the sorts of operation %r must be (arg_sorts, result_sort), not %r" % (name, v))
    if not result or not all(args):
        raise TypeError("the sorts of operation %r must be non-empty strings, not %r" % (name, v))
    return args, result


class Adapter:
    """A Python operad written as plain functions.

    operations: mapping of name to (arity, compose), or to
                (arity, compose, arg_sorts, result_sort); arity -1 means
                variadic; compose takes that many leaves or composites and
                returns a composite. Without sorts an operation takes agents
                and returns an agent (branch and fix take a predicate first).
    laws:       mapping of law name to equation text, or a list of (name, equation).
    run:        run(agent, state, input) -> (new_state, output); by default an
                agent is a function and run calls it: (state, agent(input)).
    initial:    initial(op_name, states) -> state of a composite (default: None).
    """

    def __init__(self, name, operations, laws=(), run=None, initial=None):
        self.name = name
        self.ops = {}
        self.op_sorts = {}
        for n, spec in operations.items():
            spec = tuple(spec)
            if len(spec) not in (2, 4):
                raise TypeError("operation %r must be (arity, compose) or (arity, compose, arg_sorts, result_sort), not %r" % (n, spec))
            self.ops[n] = (int(spec[0]), spec[1])
            if len(spec) == 4:
                self.op_sorts[n] = _op_sorts(n, spec[2:])
        self.law_list = list(laws.items()) if isinstance(laws, dict) else [tuple(x) for x in laws]
        self.run = run or (lambda agent, state, x: (state, agent(x)))
        self.initial = initial or (lambda op, states: None)


class BuildError(Exception):
    """Building a term raised (kind "compose") or exceeded a budget (kind "budget")."""

    def __init__(self, kind, message, tb=""):
        super().__init__(message)
        self.kind = kind
        self.tb = tb


def is_operad(obj):
    return isinstance(obj, Adapter) or (hasattr(obj, "operations") and hasattr(obj, "laws"))


def operads_of(obj):
    """The operads of obj: itself, or every operad of a registry."""
    if is_operad(obj):
        return [obj]
    if hasattr(obj, "all_operads"):
        ops = obj.all_operads()
        ops = list(ops.values()) if isinstance(ops, dict) else list(ops)
    elif isinstance(obj, dict) and obj and all(is_operad(v) for v in obj.values()):
        ops = list(obj.values())
    elif isinstance(obj, (list, tuple)) and obj and all(is_operad(v) for v in obj):
        ops = list(obj)
    else:
        raise ModelError("%r is neither an operad (operations and laws) nor a registry (all_operads())" % (obj,))
    if not ops:
        raise ModelError("the registry has no operads")
    return ops


class Model:
    """One operad as the bridge sees it."""

    def __init__(self, operad, leaves):
        if not isinstance(leaves, Leaves):
            leaves = Leaves(leaves or {})
        self.leaves = leaves
        self.adapter = operad if isinstance(operad, Adapter) else None
        if self.adapter:
            self.name = operad.name
            self.ops = dict(operad.ops)
            self.laws = [(str(n), str(e)) for n, e in operad.law_list]
        else:
            self.name = str(getattr(operad, "name", type(operad).__name__))
            self.ops = {}
            for n, op in dict(operad.operations).items():
                self.ops[str(n)] = (int(getattr(op, "arity")), getattr(op, "compose"))
            self.laws = []
            for law in list(operad.laws):
                self.laws.append((str(getattr(law, "name", "?")), str(getattr(law, "equation", ""))))
        self.leaf_states = {}
        for name, agent in leaves.agents.items():
            self.leaf_states[name] = self._leaf_initial(name, agent)
        for name, pred in leaves.predicates.items():
            # a plain callable has no state; a predicate agent has one
            has_state = name in leaves.initial or hasattr(pred, "initial") or hasattr(pred, "positions")
            self.leaf_states[name] = self._leaf_initial(name, pred) if has_state else None
        for name in leaves.values:
            self.leaf_states[name] = leaves.initial.get(name)
        for name in leaves.op_sorts:
            if name not in self.ops:
                raise ModelError("Leaves(op_sorts=...) names %r, which is not an operation of %s" % (name, self.name))
        self.identity = self._identity()

    def op_sorts(self, name):
        """The (arg_sorts, result_sort) of operation name."""
        if name in self.leaves.op_sorts:
            return self.leaves.op_sorts[name]
        if self.adapter and name in self.adapter.op_sorts:
            return self.adapter.op_sorts[name]
        arity = self.ops[name][0]
        if (name, arity) in KGENTS_SORTS:
            return KGENTS_SORTS[(name, arity)]
        return [AGENT], AGENT

    def _leaf_initial(self, name, agent):
        if name in self.leaves.initial:
            return self.leaves.initial[name]
        if self.adapter:
            return None
        if hasattr(agent, "initial"):
            return agent.initial
        positions = getattr(agent, "positions", None)
        if positions is not None and len(positions) == 1:
            return next(iter(positions))
        n = "?" if positions is None else len(positions)
        raise ModelError("leaf %s has %s positions and no initial state: give it with Leaves(initial={%r: ...})" % (name, n, name))

    def _identity(self):
        leaf = self.leaves.identity
        if leaf is None:
            for cand in ("id", "Id", "identity"):
                if cand in self.leaves.agents:
                    leaf = cand
                    break
        if leaf is None:
            return None
        if leaf not in self.leaves.agents:
            raise ModelError("identity leaf %r is not among the leaves" % leaf)
        ops = [o for o in self.leaves.identity_ops if o in self.ops and self.ops[o][0] == 2]
        return {"leaf": leaf, "ops": ops}

    def describe(self):
        from .encode import encode
        return {
            "name": self.name,
            "operations": [{"name": n, "arity": a, "variadic": a < 0,
                            "args": list(self.op_sorts(n)[0]), "result": self.op_sorts(n)[1]} for n, (a, _) in self.ops.items()],
            "laws": [{"name": n, "equation": e} for n, e in self.laws],
            "leaves": [{"name": n, "sort": self.leaves.sorts[n]} for n in self.leaves.all],
            "identity": self.identity,
            "inputs": [encode(x) for x in self.leaves.inputs],
            "max_inputs": self.leaves.max_inputs,
        }

    def build(self, term):
        """Build the agent of a term (a leaf name, or [op, arg...]) and its initial state."""
        if isinstance(term, str):
            if term not in self.leaves.all:
                raise BuildError("request", "unknown leaf %r" % term)
            return self.leaves.all[term], self.leaf_states[term]
        if not isinstance(term, list) or not term or not isinstance(term[0], str):
            raise BuildError("request", "malformed term %r" % (term,))
        op = term[0]
        if op not in self.ops:
            raise BuildError("request", "unknown operation %r" % op)
        arity, compose = self.ops[op]
        built = [self.build(t) for t in term[1:]]
        agents = [b[0] for b in built]
        states = [b[1] for b in built]
        if arity >= 0 and len(agents) != arity:
            raise BuildError("request", "%s takes %d arguments, got %d" % (op, arity, len(agents)))
        try:
            agent = compose(*agents)
        except (MemoryError, RecursionError) as e:
            raise BuildError("budget", "%s(...) exceeded a budget: %s: %s" % (op, type(e).__name__, e))
        except Exception as e:
            import traceback
            raise BuildError("compose", "%s(...) raised %s: %s" % (op, type(e).__name__, e), traceback.format_exc(limit=8))
        return agent, self._shape(op, states)

    def _shape(self, op, states):
        if op in self.leaves.shapes:
            return self.leaves.shapes[op](*states)
        if self.adapter:
            return self.adapter.initial(op, states)
        if op in KGENTS_SHAPES and self.ops[op][0] == len(states):
            return KGENTS_SHAPES[op](*states)
        if len(states) == 1:
            return states[0]
        return tuple(states)

    def run(self, agent, state, inputs, unchecked):
        """Run agent from state over inputs: the outputs, and the exception that
        ended the run early (None if every input was consumed)."""
        outputs = []
        if self.adapter:
            step = lambda s, x: self.adapter.run(agent, s, x)
        else:
            if not unchecked:
                positions = getattr(agent, "positions", None)
                if positions is not None and state not in positions:
                    raise BuildError("state", "the initial state %r of %s is not among its positions; "
                                     "give the operation's shape with Leaves(shapes=...)" % (state, getattr(agent, "name", "the agent")))
            step = agent.transition if unchecked else agent.invoke
        for x in inputs:
            try:
                state, out = step(state, x)
            except (MemoryError, RecursionError) as e:
                raise BuildError("budget", "running exceeded a budget: %s: %s" % (type(e).__name__, e))
            except Exception as e:
                return outputs, e
            outputs.append(out)
        return outputs, None
