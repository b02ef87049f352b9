"""Plain pytest over the kata folders: every scenario runs against the kata's reference solution.

Each scenario must run, produce a value the wire format accepts, and match its hand-checked
`expected` value when it declares one. Ordinary `test_*` functions in test_kata.py also run; they
receive the reference module through the `solution` fixture.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from coding_katas.comparators import compare
from coding_katas.loader import parse_kata_folder
from coding_katas.scenarios import as_scenario, import_file
from coding_katas.wire import decode, encode


def _reference(folder: Path):
    return import_file(folder / "solution.py", f"_mastery_solution_{folder.name.replace('-', '_')}")


@pytest.fixture
def solution(request):
    return _reference(Path(request.fspath).parent)


@cache
def _parsed(folder: Path):
    """The kata folder validated once per run, not once per scenario (the files do not change during a run)."""
    return parse_kata_folder(folder)


def pytest_pycollect_makeitem(collector, name, obj):
    scenario = as_scenario(name, obj)
    if scenario is None:
        return None
    folder = Path(collector.fspath).parent

    def run_scenario():
        entry, problems = _parsed(folder)
        assert entry is not None, problems
        value = decode(encode(scenario.run(_reference(folder))))
        if scenario.has_expected:
            comparator = scenario.comparator or entry.kata.comparator
            result = compare(decode(encode(scenario.expected)), value, comparator)
            assert result.ok, result.describe()

    return pytest.Function.from_parent(collector, name=f"scenario_{name}", callobj=run_scenario)
