"""How a kata compares values, in words, for the line shown next to its sample tests."""

from __future__ import annotations

from coding_katas.models import Comparator


def describe(comparator: Comparator) -> str:
    if comparator.kind == "allclose":
        return ("numbers and arrays match when"
                f" |got - expected| <= {comparator.atol:g} + {comparator.rtol:g} x |expected| "
                "elementwise (shapes must match; NaN only equals NaN)")
    return {"exact": "values must be exactly equal",
            "set": "same elements in any order, duplicates ignored",
            "unordered": "same elements in any order, with the same counts"}[comparator.kind]


def tolerance_line(kata, scenarios) -> str:
    """The kata's rule, plus the sample tests that use their own rule."""
    line = f"Comparison: {describe(kata.comparator)}."
    own = [f"{s.name}: {describe(s.comparator)}" for s in scenarios
           if s.visibility == "sample" and s.comparator is not None and s.comparator != kata.comparator]
    return line + (" Own rules: " + "; ".join(own) + "." if own else "")
