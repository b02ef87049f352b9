"""Every kata through the grader: the reference runs in the sandbox, the starter fails, every mutant is rejected.

The grader compares a submission with the reference's own values, so grading the reference proves nothing about
its correctness; that is checked by plain pytest over the kata folders, where every scenario's declared expected
value (computed independently in test_kata.py) must match the reference (coding_katas/katas/conftest.py).
"""

from pathlib import Path

import pytest

from coding_katas.loader import load_katas
from coding_katas.scenarios import load_scenarios

MUTANTS = Path(__file__).with_name("kata_mutants")
KATAS = load_katas().katas
MIN_SAMPLE, MIN_HIDDEN, MIN_MUTANTS = 3, 5, 2


def test_every_scenario_declares_its_expected_value():
    undeclared = {e.kata.id: [s.name for s in load_scenarios(e.folder) if not s.has_expected] for e in KATAS}
    assert {k: v for k, v in undeclared.items() if v} == {}


@pytest.mark.parametrize("entry", KATAS, ids=[k.kata.id for k in KATAS])
def test_kata(grader, entry):
    kata_id = entry.kata.id
    scenarios = load_scenarios(entry.folder)
    assert sum(s.visibility == "sample" for s in scenarios) >= MIN_SAMPLE
    assert sum(s.visibility == "hidden" for s in scenarios) >= MIN_HIDDEN

    # Grading anything runs the reference in the sandbox first, under the kata's limits: a reference that
    # crashes, times out or returns a value the wire format refuses raises here.
    starter = grader.grade(kata_id, entry.starter)
    assert starter.status != "pass" and starter.summary == {"passed": 0, "total": len(scenarios)}

    mutants = sorted((MUTANTS / kata_id).glob("*.py"))
    assert len(mutants) >= MIN_MUTANTS, f"write at least {MIN_MUTANTS} buggy variants in {MUTANTS / kata_id}"
    survivors = [m.name for m in mutants if _survives(grader, kata_id, m.read_text())]
    assert survivors == [], f"mutants that passed every test: {survivors}"


def _survives(grader, kata_id: str, source: str) -> bool:
    """Whether a mutant passes every scenario; grading stops at the first scenario it fails."""
    return grader.first_failure(kata_id, source) is None


@pytest.mark.parametrize("kata_id", ["softmax", "lru_cache", "kmeans"])
def test_first_failure_is_the_full_grades_first_failure_and_stops_there(grader, monkeypatch, kata_id):
    sent: list[str] = []  # scenario names sent to the user worker, in order
    run = grader._run

    def recording(pool, entry, source, names, extra=None):
        if pool is grader._workers:
            sent.extend(names)
        return run(pool, entry, source, names, extra)

    monkeypatch.setattr(grader, "_run", recording)
    order = [s.name for s in load_scenarios(next(e.folder for e in KATAS if e.kata.id == kata_id))]
    for mutant in sorted((MUTANTS / kata_id).glob("*.py")):
        full = grader.grade(kata_id, mutant.read_text()).tests
        expected = next(t for t in full if t.verdict != "AC")
        sent.clear()
        got = grader.first_failure(kata_id, mutant.read_text())
        assert got is not None and (got.name, got.verdict, got.message) == (expected.name, expected.verdict,
                                                                             expected.message), mutant.name
        # In order, and no further than the request that held the failure (requests of 1, 2, 4, ...).
        reached = order.index(got.name) + 1
        assert sent == order[:len(sent)] and reached <= len(sent) < 2 * reached, (mutant.name, sent)
    sent.clear()
    assert grader.first_failure(kata_id, next(e.solution for e in KATAS if e.kata.id == kata_id)) is None
    assert sent == order
