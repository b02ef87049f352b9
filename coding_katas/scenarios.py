"""Kata tests as scenarios: functions that take the solution module and *produce* a value.

A kata's test_kata.py declares scenarios with @sample or @hidden:

    @sample
    def two_rows(m):
        return m.softmax(np.array([[1.0, 2.0], [0.0, 0.0]]))

The grader runs each scenario against the user's module in a sandboxed child and compares the value
with the reference solution's value in the parent, so expected values never reach user code.
Optional `expected=` gives a hand-checked value that the reference solution must reproduce; plain
pytest runs every scenario against solution.py (see coding_katas/katas/conftest.py).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from coding_katas.models import Comparator

Visibility = Literal["sample", "hidden"]
_MARK = "__mastery_scenario__"
_NO_VALUE = object()


@dataclass(frozen=True)
class Scenario:
    name: str
    visibility: Visibility
    run: Callable[[ModuleType], Any]
    description: str
    expected: Any = _NO_VALUE
    comparator: Comparator | None = None

    @property
    def has_expected(self) -> bool:
        return self.expected is not _NO_VALUE


def _declare(visibility: Visibility, fn=None, *, expected: Any = _NO_VALUE, comparator: dict | None = None):
    def mark(f):
        setattr(f, _MARK, {"visibility": visibility, "expected": expected,
                           "comparator": Comparator(**comparator) if comparator else None})
        return f

    return mark(fn) if fn is not None else mark


def sample(fn=None, **options):
    """A scenario shown to the user with its input, expected and produced values."""
    return _declare("sample", fn, **options)


def hidden(fn=None, **options):
    """A scenario whose expected value is never shown; only its verdict and diagnostics are."""
    return _declare("hidden", fn, **options)


def as_scenario(name: str, obj: Any) -> Scenario | None:
    info = getattr(obj, _MARK, None)
    if info is None or not callable(obj):
        return None
    doc = (obj.__doc__ or "").strip()
    return Scenario(name, info["visibility"], obj, doc, info["expected"], info["comparator"])


def collect(test_module: ModuleType) -> list[Scenario]:
    """Scenarios in definition order."""
    found = (as_scenario(name, obj) for name, obj in vars(test_module).items())
    return [s for s in found if s is not None]


def import_file(path: Path, module_name: str) -> ModuleType:
    """Import a .py file under a private module name (never added to sys.modules for good)."""
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(module_name, None)
    return module


_LOADED: dict[Path, tuple[int, list[Scenario]]] = {}


def load_scenarios(kata_folder: Path) -> list[Scenario]:
    """The kata's scenarios; the test file is imported again only when it changes (the grader asks per grade)."""
    path = kata_folder / "test_kata.py"
    mtime = path.stat().st_mtime_ns
    cached = _LOADED.get(path)
    if cached is None or cached[0] != mtime:
        cached = (mtime, collect(import_file(path, f"_mastery_tests_{kata_folder.name.replace('-', '_')}")))
        _LOADED[path] = cached
    return cached[1]
