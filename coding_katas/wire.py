"""The wire format for values produced by kata scenarios: plain JSON, never pickle.

A scenario's return value is encoded inside the (untrusted) child process and decoded by the parent,
which compares it with the reference. Encoding accepts only plain data: None, bool, int, float, str,
lists, tuples, dicts with str keys, NumPy arrays of bool/int/float dtypes (torch tensors become arrays).
Subclasses are converted to their base types, so an object with a lying __eq__ cannot reach the
comparison. Decoding re-validates everything, since the child may write anything to its channel.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

MAX_DEPTH = 32
MAX_ELEMENTS = 5_000_000


class WireError(ValueError):
    """A value that cannot travel: an unsupported type, or malformed data from the child."""


def _array(x: np.ndarray) -> dict:
    base = np.asarray(x).view(np.ndarray)
    if base.dtype.kind not in "biuf":
        raise WireError(f"arrays must have a bool, int or float dtype, got {base.dtype}")
    if base.size > MAX_ELEMENTS:
        raise WireError(f"array too large to return ({base.size} elements)")
    data = [_float(v) for v in base.ravel().tolist()] if base.dtype.kind == "f" else base.ravel().tolist()
    return {"__ndarray__": {"dtype": base.dtype.str, "shape": list(base.shape), "data": data}}


def _float(v: float) -> Any:
    # JSON has no NaN/inf: spell them as strings that only the decoder turns back into floats.
    if math.isnan(v):
        return {"__float__": "nan"}
    if math.isinf(v):
        return {"__float__": "inf" if v > 0 else "-inf"}
    return v


def encode(value: Any, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if value is None or type(value) is bool:
        return value
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int.__int__(int(value)) if isinstance(value, np.integer) else int.__int__(value)
    if isinstance(value, (float, np.floating)):
        return _float(float.__float__(float(value)) if isinstance(value, np.floating) else float.__float__(value))
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, np.ndarray):
        return _array(value)
    if type(value).__module__.startswith("torch") and type(value).__name__ in ("Tensor", "Parameter"):
        return _array(value.detach().cpu().numpy())
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v, depth + 1) for v in tuple.__iter__(value)]}
    if isinstance(value, list):
        return [encode(v, depth + 1) for v in list.__iter__(value)]
    if isinstance(value, dict):
        out = {}
        for k, v in dict.items(value):
            if not isinstance(k, str) or k.startswith("__"):
                raise WireError("dict keys must be strings not starting with '__'")
            out[str.__str__(k)] = encode(v, depth + 1)
        return {"__dict__": out}
    raise WireError(f"unsupported result type {type(value).__name__}")


def decode(data: Any, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [decode(v, depth + 1) for v in data]
    if type(data) is dict and len(data) == 1:
        (tag, body), = data.items()
        if tag == "__float__" and body in ("nan", "inf", "-inf"):
            return float(body)
        if tag == "__tuple__" and type(body) is list:
            return tuple(decode(v, depth + 1) for v in body)
        if tag == "__dict__" and type(body) is dict:
            return {str(k): decode(v, depth + 1) for k, v in body.items()}
        if tag == "__ndarray__" and type(body) is dict:
            return _decode_array(body)
    raise WireError("malformed value")


def _decode_array(body: dict) -> np.ndarray:
    try:
        dtype = np.dtype(body["dtype"])
        shape = tuple(int(s) for s in body["shape"])
        raw = body["data"]
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError("malformed array") from exc
    if dtype.kind not in "biuf" or type(raw) is not list or any(s < 0 for s in shape):
        raise WireError("malformed array")
    if math.prod(shape) != len(raw) or len(raw) > MAX_ELEMENTS:
        raise WireError("array data does not match its shape")
    values = [decode(v) if type(v) is dict else v for v in raw]
    if any(type(v) not in (bool, int, float) for v in values):
        raise WireError("array data must be numbers")
    return np.array(values, dtype=dtype).reshape(shape)
