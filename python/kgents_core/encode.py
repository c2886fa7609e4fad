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

Sets and dicts are sorted by the JSON text of their encoded elements (keys), so
equal Python values encode to equal JSON whatever their iteration order. Reprs have
memory addresses (" at 0x7f...") removed, so that the encoding is the same
from run to run.
"""

import dataclasses
import enum
import json
import json.encoder
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
    """Return the canonical encoding of v as a JSON-ready dict."""
    return json.loads(encode_json(v, depth))


_str = json.encoder.encode_basestring  # the C implementation when available
_SMALL_INTS = {n: '{"t":"int","v":"%d"}' % n for n in range(-256, 1025)}
_NONE = '{"t":"none"}'
_TRUE = '{"t":"bool","v":"True"}'
_FALSE = '{"t":"bool","v":"False"}'


def encode_json(v, depth=0):
    """Return the canonical encoding of v as JSON text (what goes on the
    wire; encode is its parsed form). Sets and dicts are sorted by the JSON
    text of their elements and keys."""
    # The common exact types first: this runs for every output.
    t = type(v)
    if t is int:
        s = _SMALL_INTS.get(v)
        return s if s is not None else '{"t":"int","v":"%d"}' % v
    if t is str:
        return '{"t":"str","v":' + _str(v) + "}"
    if v is None:
        return _NONE
    if t is bool:
        return _TRUE if v else _FALSE
    if depth > MAX_DEPTH:
        return '{"t":"object","type":%s,"repr":%s}' % (_str(type_name(t)), _str("<nested deeper than %d>" % MAX_DEPTH))
    d = depth + 1
    if t is tuple:
        return '{"t":"tuple","items":[' + ",".join([encode_json(x, d) for x in v]) + "]}"
    if t is list:
        return '{"t":"list","items":[' + ",".join([encode_json(x, d) for x in v]) + "]}"
    if isinstance(v, enum.Enum):
        return '{"t":"enum","type":%s,"name":%s,"items":[%s]}' % (_str(type_name(t)), _str(str(v.name)), encode_json(v.value, d))
    if isinstance(v, bool):
        return _TRUE if v else _FALSE
    if isinstance(v, int):
        return '{"t":"int","v":"%d"}' % int(v)
    if isinstance(v, float):
        return '{"t":"float","v":"%s"}' % repr(float(v))
    if isinstance(v, str):
        return '{"t":"str","v":' + _str(str(v)) + "}"
    if isinstance(v, (bytes, bytearray)):
        return '{"t":"bytes","v":"%s"}' % bytes(v).hex()
    if isinstance(v, BaseException):
        return '{"t":"exception","type":%s,"items":[%s]}' % (_str(type_name(t)), ",".join([encode_json(a, d) for a in v.args]))
    if dataclasses.is_dataclass(t):
        fields = ",".join(['{"name":%s,"value":%s}' % (_str(n), encode_json(getattr(v, n, None), d)) for n in _dc_fields(t)])
        return '{"t":"dataclass","type":%s,"fields":[%s]}' % (_str(type_name(t)), fields)
    if isinstance(v, tuple):
        return '{"t":"tuple","type":%s,"items":[%s]}' % (_str(type_name(t)), ",".join([encode_json(x, d) for x in v]))
    if isinstance(v, list):
        return '{"t":"list","items":[' + ",".join([encode_json(x, d) for x in v]) + "]}"
    if isinstance(v, (set, frozenset)):
        kind = "frozenset" if isinstance(v, frozenset) else "set"
        return '{"t":"%s","items":[%s]}' % (kind, ",".join(sorted([encode_json(x, d) for x in v])))
    if isinstance(v, dict):
        entries = sorted([(encode_json(k, d), encode_json(x, d)) for k, x in v.items()])
        return '{"t":"dict","entries":[%s]}' % ",".join(['{"key":%s,"value":%s}' % e for e in entries])
    return '{"t":"object","type":%s,"repr":%s}' % (_str(type_name(t)), _str(safe_repr(v)))
