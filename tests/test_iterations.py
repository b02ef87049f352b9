"""Iterations: submissions numbered oldest first with their code, diffs, and the reference unlocked by a pass."""

from datetime import UTC, datetime, timedelta

from progress.attempts import record_attempt
from progress.iterations import diff, iterations, reference_unlocked
from progress.store import Store

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _submit(store, code, result, minutes, mode="submit"):
    record_attempt(store, "kata", "k", result, at=T0 + timedelta(minutes=minutes),
                   details={"mode": mode, "code": code,
                            "summary": {"passed": 3 if result == "pass" else 1, "total": 3}})


def test_only_submissions_oldest_first_with_code(tmp_path):
    store = Store(tmp_path / "m.db")
    _submit(store, "v1\n", "fail", 1)
    _submit(store, "v1b\n", "samples_fail", 2, mode="samples")
    _submit(store, "v2\n", "pass", 3)
    its = iterations(store, "k")
    assert [(i.number, i.code, i.result, i.passed) for i in its] == [(1, "v1\n", "fail", 1), (2, "v2\n", "pass", 3)]
    assert iterations(store, "other") == []


def test_reference_is_unlocked_by_a_pass_or_giving_up(tmp_path):
    store = Store(tmp_path / "m.db")
    _submit(store, "v1\n", "fail", 1)
    assert not reference_unlocked(store, "k")
    _submit(store, "v2\n", "pass", 2)
    assert reference_unlocked(store, "k")
    record_attempt(store, "kata", "g", "gave_up", details={"mode": "give_up", "revealed": True, "code": ""})
    assert reference_unlocked(store, "g")


def test_diff_shows_changed_lines_only():
    d = diff("a = 1\nb = 2\nc = 3", "a = 1\nb = 20\nc = 3", "iteration 1", "iteration 2")
    assert d.splitlines()[:2] == ["--- iteration 1", "+++ iteration 2"]
    assert "-b = 2" in d.splitlines() and "+b = 20" in d.splitlines()
    assert not any(line.startswith(("+a", "-a")) for line in d.splitlines())
    assert diff("same\n", "same\n", "x", "y") == ""
