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


def own_rules(kata, scenarios) -> list[tuple[str, str]]:
    """(name, rule) of the sample tests that compare by their own rule rather than the kata's."""
    return [(s.name, describe(s.comparator)) for s in scenarios
            if s.visibility == "sample" and s.comparator is not None and s.comparator != kata.comparator]


def tolerance_line(kata, scenarios=(), own: list[tuple[str, str]] | None = None) -> str:
    """The kata's rule, plus the sample tests that use their own rule (from `scenarios`, or given as `own`)."""
    own = own_rules(kata, scenarios) if own is None else own
    line = f"Comparison: {describe(kata.comparator)}."
    return line + (" Own rules: " + "; ".join(f"{name}: {rule}" for name, rule in own) + "." if own else "")
