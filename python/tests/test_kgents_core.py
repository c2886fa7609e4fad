"""Unit tests of the Python side: python3 -m unittest discover -s tests -t ."""

import dataclasses
import enum
import io
import json
import unittest
from collections import namedtuple

import kgents_core
from kgents_core import Adapter, Leaves, Server, encode
from kgents_core.encode import encode_json
from kgents_core.server import response_text, serve


def answer(server, req):
    """The response as the checker reads it: the JSON line, parsed."""
    return json.loads(response_text(server.handle(req)))


class Color(enum.Enum):
    RED = 1


@dataclasses.dataclass(frozen=True)
class Pt:
    x: int
    y: object = None


P = namedtuple("P", "a b")


class Opaque:
    pass


class EncodingKeepsShapesApart(unittest.TestCase):
    def test_distinct_shapes_encode_differently(self):
        values = [None, False, 0, 0.0, "", b"", (), [], set(), frozenset(), {}, (1,), [1], Color.RED, 1,
                  Pt(1), P(1, 2), (1, 2), ValueError(1), KeyError(1), True]
        encoded = [json.dumps(encode(v), sort_keys=True) for v in values]
        self.assertEqual(len(set(encoded)), len(values), list(zip(values, encoded)))

    def test_equal_values_encode_equally_whatever_their_order(self):
        self.assertEqual(encode({3, 1, 2}), encode({2, 3, 1}))
        self.assertEqual(encode({"b": 1, "a": 2}), encode({"a": 2, "b": 1}))

    def test_shapes(self):
        self.assertEqual(encode(Color.RED), {"t": "enum", "type": __name__ + ".Color", "name": "RED", "items": [{"t": "int", "v": "1"}]})
        self.assertEqual(encode(ValueError("no")), {"t": "exception", "type": "ValueError", "items": [{"t": "str", "v": "no"}]})
        self.assertEqual(encode(Pt(1))["fields"][0], {"name": "x", "value": {"t": "int", "v": "1"}})
        self.assertEqual(encode(float("nan")), {"t": "float", "v": "nan"})
        self.assertEqual(encode(2 ** 100)["v"], str(2 ** 100))

    def test_reprs_lose_their_addresses(self):
        r = encode(Opaque())
        self.assertEqual(r["t"], "object")
        self.assertNotIn("0x", r["repr"])
        self.assertEqual(encode(Opaque()), r)

    def test_text_and_dict_forms_agree(self):
        for v in [None, 1, 10 ** 30, -3, 1.5, "é\n\"", b"ab", (1, (2,)), [Color.RED], {3, 1}, {"b": [1], "a": (2,)},
                  Pt(1, Pt(2)), P(1, 2), ValueError("x", 1), Opaque(), True, frozenset({"a"})]:
            self.assertEqual(json.loads(encode_json(v)), encode(v))

    def test_deep_values_are_cut(self):
        v = []
        for _ in range(200):
            v = [v]
        json.dumps(encode(v))


def _adapter():
    inc = lambda x: x + 1
    dbl = lambda x: x * 2
    return Adapter("Fn", {"seq": (2, lambda f, g: lambda x: g(f(x))), "all": (-1, lambda *fs: lambda x: [f(x) for f in fs])},
                   {"assoc": "seq(seq(a, b), c) = seq(a, seq(b, c))"}), Leaves({"inc": inc, "dbl": dbl, "id": lambda x: x}, inputs=[1, 5, "s"])


class ServerAnswersRequests(unittest.TestCase):
    def test_describe_and_eval(self):
        op, leaves = _adapter()
        s = Server.for_object(op, leaves)
        d = s.handle({"v": 2, "id": 1, "op": "describe"})["describe"]
        self.assertEqual(d["protocol"], 2)
        o = d["operads"][0]
        self.assertEqual([x["name"] for x in o["operations"]], ["seq", "all"])
        self.assertTrue(o["operations"][1]["variadic"])
        self.assertEqual(o["identity"], {"leaf": "id", "ops": ["seq"]})
        r = answer(s, {"v": 2, "id": 2, "op": "eval", "operad": "Fn", "runs": [
            {"term": ["seq", "inc", "dbl"], "inputs": [0, 1]},
            {"term": ["all", "inc", "dbl", "id"], "inputs": [0]},
            {"term": ["seq", "inc", "dbl"], "inputs": [2]},
            {"term": ["nope", "inc"], "inputs": [0]},
        ]})
        res = r["results"]
        self.assertEqual(res[0]["outputs"], [{"t": "int", "v": "4"}, {"t": "int", "v": "12"}])
        self.assertEqual(len(res[1]["outputs"][0]["items"]), 3)
        self.assertEqual(res[2]["outputs"], [])
        self.assertEqual(res[2]["raised"]["type"], "TypeError")
        self.assertEqual(res[3]["error"]["kind"], "request")

    def test_describe_gives_sorts_of_leaves_and_operations(self):
        op, leaves = _adapter()
        o = Server.for_object(op, leaves).handle({"v": 2, "id": 1, "op": "describe"})["describe"]["operads"][0]
        self.assertEqual(o["leaves"], [{"name": "inc", "sort": "agent"}, {"name": "dbl", "sort": "agent"}, {"name": "id", "sort": "agent"}])
        self.assertEqual([(x["args"], x["result"]) for x in o["operations"]], [(["agent"], "agent"), (["agent"], "agent")])

    def test_kgents_branch_and_fix_take_a_predicate_first(self):
        ops = {n: (a, lambda *xs: xs[-1]) for n, a in (("seq", 2), ("branch", 3), ("fix", 2), ("trace", 1), ("fix3", 3))}
        op = Adapter("K", ops)
        leaves = Leaves({"a": lambda x: x}, predicates={"p": lambda x: x > 0}, values={"n": 3}, sorts={"n": "count"})
        o = Server.for_object(op, leaves).handle({"v": 2, "id": 1, "op": "describe"})["describe"]["operads"][0]
        sorts = {x["name"]: (x["args"], x["result"]) for x in o["operations"]}
        self.assertEqual(sorts["branch"], (["predicate", "agent", "agent"], "agent"))
        self.assertEqual(sorts["fix"], (["predicate", "agent"], "agent"))
        self.assertEqual(sorts["fix3"], (["agent"], "agent"))
        self.assertEqual(o["leaves"], [{"name": "a", "sort": "agent"}, {"name": "p", "sort": "predicate"}, {"name": "n", "sort": "count"}])

    def test_declared_operation_sorts_win(self):
        op = Adapter("K", {"rep": (2, lambda n, f: f, ["count", "agent"], "agent"), "branch": (3, lambda p, a, b: a)})
        leaves = Leaves({"a": 1}, values={"n": 3}, op_sorts={"branch": (["agent"], "agent")})
        o = Server.for_object(op, leaves).handle({"v": 2, "id": 1, "op": "describe"})["describe"]["operads"][0]
        sorts = {x["name"]: (x["args"], x["result"]) for x in o["operations"]}
        self.assertEqual(sorts, {"rep": (["count", "agent"], "agent"), "branch": (["agent"], "agent")})

    def test_bad_sort_declarations_are_refused(self):
        with self.assertRaises(TypeError):
            Leaves({"a": 1}, predicates={"a": 2})
        with self.assertRaises(TypeError):
            Leaves({"a": 1}, sorts={"b": "x"})
        with self.assertRaises(TypeError):
            Adapter("K", {"f": (1, lambda a: a, "agent")})
        with self.assertRaises(kgents_core.ModelError):
            kgents_core.Model(Adapter("K", {"f": (1, lambda a: a)}), Leaves({"a": 1}, op_sorts={"g": (["agent"], "agent")}))

    def test_the_same_request_gives_the_same_response(self):
        op, leaves = _adapter()
        req = {"v": 2, "id": 2, "op": "eval", "operad": "Fn", "runs": [{"term": ["seq", "inc", "dbl"], "inputs": [0, 1, 2]}]}
        self.assertEqual(response_text(Server.for_object(op, leaves).handle(req)), response_text(Server.for_object(op, leaves).handle(req)))

    def test_bad_requests_get_error_responses(self):
        op, leaves = _adapter()
        s = Server.for_object(op, leaves)
        self.assertEqual(s.handle({"v": 1, "id": 1, "op": "describe"})["error"]["kind"], "protocol")
        self.assertEqual(s.handle({"v": 2, "id": 1, "op": "frob"})["error"]["kind"], "protocol")
        self.assertEqual(s.handle({"v": 2, "id": 1, "op": "eval", "operad": "X"})["error"]["kind"], "request")
        out = io.BytesIO()
        serve(s, io.BytesIO(b"not json\n{\"v\":2,\"id\":7,\"op\":\"describe\"}\n"), out)
        lines = out.getvalue().splitlines()
        self.assertEqual(json.loads(lines[0])["error"]["kind"], "protocol")
        self.assertEqual(json.loads(lines[1])["id"], 7)

    def test_replay_runs_a_term(self):
        op, leaves = _adapter()
        self.assertEqual(kgents_core.replay(op, leaves, "seq(inc, seq(dbl, id))", [1, 2]), ([4, 6], None))

    def test_a_leaf_with_many_positions_needs_an_initial_state(self):
        class Agent:
            positions = frozenset({0, 1})

        class Op:
            name = "K"
            operations = {}
            laws = []
        with self.assertRaises(kgents_core.ModelError) as cm:
            kgents_core.Model(Op(), Leaves({"a": Agent()}))
        self.assertIn("initial", str(cm.exception))
        self.assertEqual(kgents_core.Model(Op(), Leaves({"a": Agent()}, initial={"a": 1})).leaf_states["a"], 1)


class WheelBuilds(unittest.TestCase):
    """pip install ./python uses python/_build/kgents_build.py: the wheel it
    writes holds the package and imports from the zip alone."""

    def test_the_wheel_holds_the_package(self):
        import os
        import subprocess
        import sys
        import tempfile
        import zipfile
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        sys.path.insert(0, os.path.join(here, "_build"))
        try:
            import kgents_build
        finally:
            sys.path.pop(0)
        with tempfile.TemporaryDirectory() as d:
            name = kgents_build.build_wheel(d)
            whl = os.path.join(d, name)
            names = zipfile.ZipFile(whl).namelist()
            self.assertIn("kgents_core/server.py", names)
            self.assertIn("kgents_core-0.1.0.dist-info/RECORD", names)
            out = subprocess.run([sys.executable, "-S", "-c", "import sys; sys.path.insert(0, %r); import kgents_core; print(kgents_core.PROTOCOL)" % whl],
                                 capture_output=True, text=True, cwd=d)
            self.assertEqual(out.stdout.strip(), "2", out.stderr)


if __name__ == "__main__":
    unittest.main()
