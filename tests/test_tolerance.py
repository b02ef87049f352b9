"""The comparison rule shown next to a kata's sample tests."""

from coding_katas.loader import load_katas
from coding_katas.models import Comparator
from coding_katas.scenarios import load_scenarios
from evaluators.tolerance import describe, own_rules, tolerance_line


def test_describe_each_kind():
    assert "1e-08 + 1e-06 x |expected|" in describe(Comparator())
    assert describe(Comparator(kind="exact")) == "values must be exactly equal"
    assert "duplicates ignored" in describe(Comparator(kind="set"))


def test_line_names_samples_with_their_own_rule():
    entry = load_katas().by_id()["value_iteration"]
    line = tolerance_line(entry.kata, load_scenarios(entry.folder))
    own = [s for s in load_scenarios(entry.folder) if s.visibility == "sample" and s.comparator
           and s.comparator != entry.kata.comparator]
    assert own and all(f"{s.name}: {describe(s.comparator)}" in line for s in own)
    assert "1e-09 x |expected|" in line and "1e-07 x |expected|" in line  # the kata's rule and the sample's own
    softmax = load_katas().by_id()["softmax"]
    assert tolerance_line(softmax.kata, load_scenarios(softmax.folder)).startswith(
        f"Comparison: numbers and arrays match when |got - expected| <= {softmax.kata.comparator.atol:g}")


def test_a_grade_carries_the_own_rules_of_its_sample_tests(grader):
    """The page shows a torch kata's own rules from the last grade: it must not import the kata's tests (torch)."""
    entry = load_katas().by_id()["value_iteration"]
    result = grader.grade("value_iteration", entry.solution, samples_only=True)
    expected = own_rules(entry.kata, load_scenarios(entry.folder))
    assert expected and [(t.name, t.rule) for t in result.tests if t.rule] == expected
    assert tolerance_line(entry.kata, own=expected) == tolerance_line(entry.kata, load_scenarios(entry.folder))
