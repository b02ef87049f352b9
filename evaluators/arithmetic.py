"""Worked arithmetic in an answer, checked: "500K x 400 candidates is 20M scorings per second" multiplies to
200M, ten times what it says.

Only a calculation written out is checked: numbers joined by x, × or a spaced / and then a stated result
("= 4.2e13", "is about 20M", ", roughly 11 GB"). Units give each number its scale (K, M, B, GB, GiB, ms,
GFLOP...), so "20K x 300 tokens x 0.6 GFLOP = 3.6 TFLOP/s" is 3.6e15 against 3.6e12. A result off by
MISCALCULATION_RATIO or more either way is a miscalculation: a back-of-envelope error an interviewer stops at.
Rounding, "about" and GB-versus-GiB are far inside that ratio.

Precision first: any reading of the units that makes the sum come out is taken, and a calculation that leaves
a factor unsaid is not checked (a rate from operands without one, bytes or FLOPs or time from bare counts, a
shape like "a 4096 x 4096 matrix", a factor given elsewhere in the sentence). Over the bank's and the cases'
true texts and every honest graded answer (about 7,000 texts) it finds nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from evaluators.quantities import unit_scale

MISCALCULATION_RATIO = 4.0
MISCALCULATION_CLAIM = "A worked calculation whose stated result is not what its numbers give."

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?(?:e[+-]?\d+)?"
# A number and what scales it: a count word (20K, 1.5 billion), a byte size (GB, GiB), a FLOP count, a time.
_UNIT = (r"(?:(?:[kmgtpe]i?)?b(?:ytes?)?|(?:[kmgtpe])?flops?(?:/s)?|(?:[kmgtpe])?flop|k|m|bn?|t|thousand|million|"
         r"billion|trillion|ns|us|µs|ms|nanoseconds|microseconds|milliseconds|secs?|seconds?|s|mins?|minutes?|hours?|hr|h|"
         r"days?)")
_QUANTITY = rf"(?<![\w.,^])({_NUM})(\s*{_UNIT})?(?![\w^])"
_OPERATOR = r"(?:\s*[x×*]\s*|\s+/\s+)"
# Words that may sit between a number and the next operator ("20K tokens x 0.6 GFLOP"): up to three, not an
# operator ("x"), a variable ("r = 16") or a preposition that starts another phrase ("with r = 16").
_NOUNS = r"(?:\s+(?!(?:x|with|at|and|for|of|to|in|on|is|are|by|or)\b)[a-z][a-z-]+){0,3}"
_RESULT = r"\s*(?:=|≈|~|,?\s*(?:is|are|gives|equals|comes to|that is|that's|which is|roughly|about|around|" \
          r"approximately|so)\b)(?:\s*(?:roughly|about|around|approximately|only|just|~|≈))*\s*~?\s*"
_CALCULATION = re.compile(
    rf"{_QUANTITY}{_NOUNS}((?:{_OPERATOR}{_QUANTITY}{_NOUNS}){{1,8}}){_RESULT}{_QUANTITY}", re.I)
_TERM = re.compile(rf"({_OPERATOR}){_QUANTITY}", re.I)
_QUANTITY_RE = re.compile(_QUANTITY, re.I)


@dataclass(frozen=True)
class Miscalculation:
    text: str  # the calculation as written
    stated: float
    computed: float

    @property
    def correction(self) -> str:
        return (f"{self.text.strip()}: the numbers written give {_plain(self.computed)}, not {_plain(self.stated)} "
                f"({max(self.stated, self.computed) / min(self.stated, self.computed):.0f}x off).")


def _plain(value: float) -> str:
    for scale, name in ((1e15, "e15"), (1e12, "e12"), (1e9, "e9"), (1e6, "e6"), (1e3, "e3")):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{name}"
    return f"{value:.3g}"


def _value(number: str, unit: str | None) -> tuple[float, float, str]:
    """The number scaled by its unit, the number with only a count word applied (20K, 1.5 billion), and the
    unit's dimension (evaluators.quantities)."""
    value = float(number.replace(",", ""))
    if not unit:
        return value, value, ""
    dimension, scale = unit_scale(unit)
    return value * scale, value * scale if dimension == "" else value, dimension


def _near(a: float, b: float) -> bool:
    return a > 0 and b > 0 and max(a, b) / min(a, b) < MISCALCULATION_RATIO


# A result per unit of time ("3.6 TFLOP/s", "20M per second", "35K QPS") from operands that hold no time or
# rate leaves a factor unsaid (the request rate): it is not checked.
_RATE_AFTER = re.compile(r"\s*(/\s*(s|sec|second|day|h|hour)\b|per\s+(second|day|hour|minute)\b|a\s+(day|second)\b|"
                         r"qps\b|rps\b)", re.I)
_SHAPE = re.compile(r"\s*\b(matrix|matrices|image|images|patch|patches|grid|grids|tile|tiles|projection|"
                    r"projections|table|tables|weight matrix|pixels?|resolution|levels?|shape|dims?)\b", re.I)
_RATE_IN = re.compile(r"/\s*s\b|per\s+(second|day|hour)\b|\bqps\b|\bpeak\b", re.I)


def miscalculations(sentence: str) -> Iterator[Miscalculation]:
    """The written-out calculations of a sentence whose stated result is off by MISCALCULATION_RATIO or more,
    in order (a generator: a caller that needs the first stops there)."""
    for m in _CALCULATION.finditer(sentence):
        # Groups: the first quantity (1, 2), the chain (3; its last term repeats as 4, 5), the result (6, 7).
        first, first_unit, chain, result, result_unit = m.group(1), m.group(2), m.group(3), m.group(6), m.group(7)
        after = sentence[m.end():]
        before = sentence[:m.start()].rstrip()
        # Part of a longer formula ("1 - 0.95 x 0.10", "x 10^21", "4096^3"), or a result in scientific form
        # written with a power: not a calculation on its own.
        if before.endswith(("-", "+", "(", "^", "*", "/", "x", "×", "=", "~", "≈")) or re.match(
                r"\s*([x×*/]\s*~?\d|\^|\))", after):
            continue
        if "^" in m.group(0) or "(" in m.group(0):
            continue
        # "a 1,000 x 1,000 matrix is 8 MB", "16x16 patches": a shape, not a product to check.
        if _SHAPE.search(m.group(3)) or _SHAPE.match(sentence, m.end(2) if m.group(2) else m.end(1)):
            continue
        if re.match(r"\s*%", after):  # "1,000 / 1,100 = 91%"
            result = str(float(result.replace(",", "")) / 100)
        hours = re.match(r"\s*[\w-]*?(hours?|days?|minutes?)\b", after)
        if hours and not result_unit:  # "18 min x 1,024 GPUs = ~300 GPU-hours"
            result_unit = " " + hours.group(1)
        rate = (result_unit or "").lower().endswith("/s") or _RATE_AFTER.match(after) is not None
        if rate and not _RATE_IN.search(m.group(0)[:m.start(6) - m.start()]):
            continue
        try:
            scaled, plain, dimension = _value(first, first_unit)
            dimensions = {dimension}
            for op, number, unit in _TERM.findall(chain):
                term_scaled, term_plain, term_dimension = _value(number, unit)
                dimensions.add(term_dimension)
                if op.strip() == "/":
                    scaled, plain = scaled / term_scaled, plain / term_plain
                else:
                    scaled, plain = scaled * term_scaled, plain * term_plain
            stated_scaled, stated_plain, stated_dimension = _value(result, result_unit)
        except (ValueError, KeyError, ZeroDivisionError, OverflowError):
            continue
        # "400k x 900 flops is about 36 ms": a time from FLOPs divides by a rate it does not write; and counts
        # alone ("4,500 candidates x 175K QPS is ~36 EFLOP/s") give bytes, time or FLOPs only through a cost
        # per item said elsewhere, unless the result is the count itself ("0.9 x 80 = 72 GB").
        if stated_dimension and stated_dimension not in dimensions and (
                dimensions - {""} or not _near(plain, stated_plain)):
            continue
        if not all(math.isfinite(v) for v in (scaled, plain, stated_scaled, stated_plain)):
            continue
        # Any reading of the units that makes the sum come out is taken ("0.9 x 80 = 72 GB" counts gigabytes;
        # "54 days x 24 h x 16,384 chips = 21.2M" chip-hours).
        if any(_near(c, st) for c in (scaled, plain) for st in (stated_scaled, stated_plain)):
            continue
        # The sum restated later ("= ~118, call it 120 GFLOP"), or a factor the sentence gives elsewhere ("on 64
        # GPUs use 4 x 2 = 512"): taken as right.
        # (Within 200 characters either side: a factor said further away belongs to another statement, and a
        # window keeps a 100 KB run of sums linear.)
        others = [_value(n, u)[0] for n, u in _QUANTITY_RE.findall(
            sentence[max(0, m.start() - 200):m.start()] + " " + after[:200])]
        if any(abs(o - c) <= 0.15 * o for o in others for c in (scaled, plain)) or any(
                abs(o * c - st) <= 0.15 * st for o in others for c in (scaled, plain)
                for st in (stated_scaled, stated_plain)):
            continue
        computed = min((scaled, plain), key=lambda c: abs(math.log(c / stated_scaled)) if c > 0 else math.inf)
        if computed > 0 and stated_scaled > 0:
            yield Miscalculation(m.group(0), stated_scaled, computed)
