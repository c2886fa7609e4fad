"""Canonical encoding of Python values for comparison in Go.

Every value becomes a JSON object with a kind tag "t". The shapes are part of
the bridge protocol (version 1) and documented in docs/python-bridge.md:

    None                  {"t": "none"}
    bool                  {"t": "bool", "v": "True"}
    int                   {"t": "int", "v": "12"}            (decimal text, any size)
    float                 {"t": "float", "v": "0.5"}         (repr: nan, inf, -0.0 kept)
    str                   {"t": "str", "v": "abc"}
    bytes                 {"t": "bytes", "v": "6162"}        (hex)
    tuple                 {"t": "tuple", "items": [...]}     ("type" set for a subclass)
    list                  {"t": "list", "items": [...]}
    set, frozenset        {"t": "set" | "frozenset", "items": [...]}   (sorted)
    dict                  {"t": "dict", "entries": [{"key": K, "value": V}]} (sorted by key)
    Enum member           {"t": "enum", "type": "mod.Cls", "name": "RED", "items": [value]}
    dataclass instance    {"t": "dataclass", "type": "mod.Cls", "fields": [{"name": n, "value": V}]}
    exception             {"t": "exception", "type": "ValueError", "items": [args...]}
    anything else         {"t": "object", "type": "mod.Cls", "repr": "..."}

Sets and dicts are sorted by the JSON text of their encoded elements, so equal
Python values encode to equal JSON whatever their iteration order. Reprs have
memory addresses (" at 0x7f...") removed, so that the encoding is the same
from run to run.
"""

import dataclasses
import enum
import json
import re

MAX_DEPTH = 64

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


_TYPE_NAMES = {}
_DC_FIELDS = {}


def type_name(tp):
    """The name a value's type is shown with: builtins bare, others module-qualified."""
    name = _TYPE_NAMES.get(tp)
    if name is None:
        mod = getattr(tp, "__module__", "") or ""
        qual = getattr(tp, "__qualname__", None) or getattr(tp, "__name__", "?")
        name = qual if mod in ("builtins", "__main__", "") else mod + "." + qual
        _TYPE_NAMES[tp] = name
    return name


def _key(encoded):
    return json.dumps(encoded, sort_keys=True, separators=(",", ":"))


def safe_repr(v):
    try:
        r = repr(v)
    except Exception as e:  # a broken __repr__ must not break the comparison
        r = "<repr raised %s>" % type(e).__name__
    return _ADDRESS.sub("", r)


def _dc_fields(tp):
    names = _DC_FIELDS.get(tp)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(tp))
        _DC_FIELDS[tp] = names
    return names


def encode(v, depth=0):
    """Return the canonical encoding of v (a JSON-ready dict)."""
    # The common exact types first: this runs for every output.
    t = type(v)
    if t is int:
        return {"t": "int", "v": str(v)}
    if t is str:
        return {"t": "str", "v": v}
    if v is None:
        return {"t": "none"}
    if t is bool:
        return {"t": "bool", "v": "True" if v else "False"}
    if depth > MAX_DEPTH:
        return {"t": "object", "type": type_name(t), "repr": "<nested deeper than %d>" % MAX_DEPTH}
    d = depth + 1
    if t is tuple:
        return {"t": "tuple", "items": [encode(x, d) for x in v]}
    if t is list:
        return {"t": "list", "items": [encode(x, d) for x in v]}
    if isinstance(v, enum.Enum):
        return {"t": "enum", "type": type_name(t), "name": str(v.name), "items": [encode(v.value, d)]}
    if isinstance(v, bool):
        return {"t": "bool", "v": "True" if v else "False"}
    if isinstance(v, int):
        return {"t": "int", "v": str(int(v))}
    if isinstance(v, float):
        return {"t": "float", "v": repr(float(v))}
    if isinstance(v, str):
        return {"t": "str", "v": str(v)}
    if isinstance(v, (bytes, bytearray)):
        return {"t": "bytes", "v": bytes(v).hex()}
    if isinstance(v, BaseException):
        return {"t": "exception", "type": type_name(t), "items": [encode(a, d) for a in v.args]}
    if dataclasses.is_dataclass(t):
        return {"t": "dataclass", "type": type_name(t),
                "fields": [{"name": n, "value": encode(getattr(v, n, None), d)} for n in _dc_fields(t)]}
    if isinstance(v, tuple):
        return {"t": "tuple", "type": type_name(t), "items": [encode(x, d) for x in v]}
    if isinstance(v, list):
        return {"t": "list", "items": [encode(x, d) for x in v]}
    if isinstance(v, (set, frozenset)):
        items = sorted((encode(x, d) for x in v), key=_key)
        return {"t": "frozenset" if isinstance(v, frozenset) else "set", "items": items}
    if isinstance(v, dict):
        entries = [{"key": encode(k, d), "value": encode(x, d)} for k, x in v.items()]
        entries.sort(key=lambda e: _key(e["key"]))
        return {"t": "dict", "entries": entries}
    return {"t": "object", "type": type_name(t), "repr": safe_repr(v)}
