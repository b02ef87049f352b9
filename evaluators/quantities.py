"""Units of the numbers in answers, read one way for every check that compares numbers (the short-answer
results check in evaluators.scoring, the worked sums in evaluators.arithmetic)."""

from __future__ import annotations

_COUNT = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9,
          "t": 1e12, "trillion": 1e12}
_TIME = {"ns": 1e-9, "nanoseconds": 1e-9, "us": 1e-6, "µs": 1e-6, "microseconds": 1e-6, "ms": 1e-3,
         "milliseconds": 1e-3, "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0, "min": 60.0,
         "mins": 60.0, "minute": 60.0, "minutes": 60.0, "h": 3600.0, "hr": 3600.0, "hour": 3600.0,
         "hours": 3600.0, "day": 86400.0, "days": 86400.0}
_PREFIX = {"": 1.0, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12, "p": 1e15, "e": 1e18, "kilo": 1e3, "mega": 1e6,
           "giga": 1e9, "tera": 1e12, "peta": 1e15}
_BINARY = {"ki": 2.0 ** 10, "mi": 2.0 ** 20, "gi": 2.0 ** 30, "ti": 2.0 ** 40, "pi": 2.0 ** 50}


def unit_scale(unit: str) -> tuple[str, float]:
    """(dimension, scale) of a unit as written after a number: "" for a count ("20K", "1.5 billion"), "B" for
    bytes ("GB", "GiB", "kilobytes"), "s" for time ("ms", "hours"), "flop" ("GFLOP", "TFLOPs/s"), "%" and
    "x". A "B" glued to its number ("70B") is a billion; after a space ("256 B") it is bytes. Raises KeyError
    for anything else."""
    u = unit.strip().lower()
    if u in _COUNT and not (u == "b" and unit[:1].isspace()):
        return "", _COUNT[u]
    if u in _TIME:
        return "s", _TIME[u]
    if u in ("%", "x", "×"):
        return ("%" if u == "%" else "x"), 1.0
    if "flop" in u:
        return "flop", _PREFIX[u.split("flop")[0]]
    stem = u[:-5] if u.endswith("bytes") else u[:-4] if u.endswith("byte") else u[:-1] if u.endswith("b") else None
    if stem is None:
        raise KeyError(unit)
    if stem in _BINARY:
        return "B", _BINARY[stem]
    return "B", _PREFIX[stem]
