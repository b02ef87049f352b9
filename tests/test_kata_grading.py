"""Every kata: the reference passes the grader, the starter fails, every mutant is rejected."""

from pathlib import Path

import pytest

from coding_katas.loader import load_katas
from coding_katas.scenarios import load_scenarios
from evaluators.grader import Grader

MUTANTS = Path(__file__).with_name("kata_mutants")
KATAS = load_katas().katas
MIN_SAMPLE, MIN_HIDDEN, MIN_MUTANTS = 3, 5, 2


@pytest.fixture(scope="module")
def grader():
    g = Grader()
    yield g
    g.close()


@pytest.mark.parametrize("entry", KATAS, ids=[k.kata.id for k in KATAS])
def test_kata(grader, entry):
    kata_id = entry.kata.id
    scenarios = load_scenarios(entry.folder)
    assert sum(s.visibility == "sample" for s in scenarios) >= MIN_SAMPLE
    assert sum(s.visibility == "hidden" for s in scenarios) >= MIN_HIDDEN

    reference = grader.grade(kata_id, entry.solution)
    assert reference.status == "pass", [(t.name, t.verdict, t.message) for t in reference.tests if t.verdict != "AC"]

    starter = grader.grade(kata_id, entry.starter)
    assert starter.status != "pass" and starter.summary["passed"] == 0

    mutants = sorted((MUTANTS / kata_id).glob("*.py"))
    assert len(mutants) >= MIN_MUTANTS, f"write at least {MIN_MUTANTS} buggy variants in {MUTANTS / kata_id}"
    survivors = [m.name for m in mutants if grader.grade(kata_id, m.read_text()).status == "pass"]
    assert survivors == [], f"mutants that passed every test: {survivors}"
