"""Comparing a produced value with the reference value, in the trusted parent process.

Returns whether they match and, when they do not, diagnostics that say *how* they differ (shape,
dtype, max errors, first bad index, NaNs) without revealing the expected value itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coding_katas.models import Comparator


@dataclass
class Comparison:
    ok: bool
    diagnostics: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        d = self.diagnostics
        if self.ok:
            return "ok"
        return d.get("reason", "values differ") + "".join(
            f"; {k.replace('_', ' ')} {v}" for k, v in d.items() if k != "reason"
        )


def _as_array(x: Any) -> np.ndarray | None:
    """Numbers, arrays and (nested) lists of numbers as float arrays; None otherwise."""
    if isinstance(x, np.ndarray):
        return x.astype(float) if x.dtype.kind in "biuf" else None
    if type(x) in (int, float, bool):
        return np.asarray(float(x))
    if type(x) in (list, tuple):
        try:
            arr = np.asarray(x, dtype=float)
        except (TypeError, ValueError):
            return None
        return arr
    return None


def _allclose(expected: np.ndarray, got: np.ndarray, rtol: float, atol: float) -> Comparison:
    if expected.shape != got.shape:
        return Comparison(False, {"reason": "shape mismatch", "expected_shape": expected.shape, "got_shape": got.shape})
    exp_nan, got_nan = np.isnan(expected), np.isnan(got)
    close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if bool(close.all()):
        return Comparison(True)
    bad = ~close
    diag: dict[str, Any] = {"reason": "values differ", "mismatches": f"{int(bad.sum())} of {bad.size}"}
    first = np.argwhere(bad)[0]
    diag["first_bad_index"] = tuple(int(i) for i in first) if got.ndim else ()
    finite = bad & ~exp_nan & ~got_nan & np.isfinite(expected) & np.isfinite(got)
    if finite.any():
        abs_err = np.abs(got[finite] - expected[finite])
        rel_err = abs_err / np.maximum(np.abs(expected[finite]), 1e-300)
        diag["max_abs_err"] = f"{abs_err.max():.3g}"
        diag["max_rel_err"] = f"{rel_err.max():.3g}"
    if (got_nan & ~exp_nan).any():
        diag["unexpected_nans"] = int((got_nan & ~exp_nan).sum())
    if (np.isinf(got) & ~np.isinf(expected)).any():
        diag["unexpected_infs"] = int((np.isinf(got) & ~np.isinf(expected)).sum())
    return Comparison(False, diag)


def _key(x: Any) -> str:
    return repr(_canonical(x))


def _canonical(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return ("ndarray", x.dtype.kind, x.shape, x.tolist())
    if isinstance(x, dict):
        return ("dict", sorted((k, _canonical(v)) for k, v in x.items()))
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, [_canonical(v) for v in x])
    return x


def compare(expected: Any, got: Any, comparator: Comparator) -> Comparison:
    kind = comparator.kind
    if kind in ("set", "unordered"):
        if type(got) not in (list, tuple) or type(expected) not in (list, tuple):
            return Comparison(False, {"reason": f"expected a list, got {type(got).__name__}"})
        e, g = sorted(map(_key, expected)), sorted(map(_key, got))
        if kind == "set":
            e, g = sorted(set(e)), sorted(set(g))
        if e == g:
            return Comparison(True)
        return Comparison(False, {"reason": "different elements", "expected_count": len(e), "got_count": len(g)})
    if kind == "exact":
        if _canonical(expected) == _canonical(got):
            return Comparison(True)
        return Comparison(False, {"reason": "values differ", "got_type": type(got).__name__})
    return _compare_close(expected, got, comparator.rtol, comparator.atol)


def _compare_close(expected: Any, got: Any, rtol: float, atol: float, path: str = "") -> Comparison:
    where = {"at": path} if path else {}
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return Comparison(False, {"reason": f"expected a dict, got {type(got).__name__}", **where})
        if set(expected) != set(got):
            return Comparison(False, {"reason": "different keys", "got_keys": sorted(got), **where})
        for k in expected:
            c = _compare_close(expected[k], got[k], rtol, atol, f"{path}[{k!r}]")
            if not c.ok:
                return c
        return Comparison(True)
    if type(expected) in (tuple, list) and not (_as_array(expected) is not None and _is_flat_numeric(expected)):
        if type(got) not in (tuple, list) or len(got) != len(expected):
            n = len(got) if type(got) in (tuple, list) else type(got).__name__
            return Comparison(False, {"reason": f"expected a sequence of {len(expected)} items, got {n}", **where})
        for i, (e, g) in enumerate(zip(expected, got, strict=True)):  # lengths checked just above
            c = _compare_close(e, g, rtol, atol, f"{path}[{i}]")
            if not c.ok:
                return c
        return Comparison(True)
    if type(expected) in (str, type(None)):
        ok = type(got) is type(expected) and got == expected
        return Comparison(ok, {} if ok else {"reason": "values differ", **where})
    e, g = _as_array(expected), _as_array(got)
    if e is None:
        return Comparison(False, {"reason": "unsupported expected value", **where})
    if g is None:
        return Comparison(False, {"reason": f"expected numbers, got {type(got).__name__}", **where})
    c = _allclose(e, g, rtol, atol)
    if not c.ok and path:
        c.diagnostics["at"] = path
    return c


def _is_flat_numeric(x: Any) -> bool:
    """A list/tuple of plain numbers (or nested lists of them) compares as one array."""
    if type(x) in (list, tuple):
        return all(_is_flat_numeric(v) for v in x)
    return type(x) in (int, float, bool)
