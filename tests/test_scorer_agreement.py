"""The offline scorers agree with hand grades on the project's graded development sets."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from scorer_agreement import design_agreement, short_agreement  # noqa: E402


def test_design_answers_rank_like_the_hand_grades():
    result = design_agreement()
    assert result["n"] >= 30
    assert result["spearman"] >= 0.75
    for case_id, (rho, _) in result["per_case"].items():
        assert rho >= 0.6, case_id


def test_adversarial_design_answers_never_beat_a_real_answer_of_grade_4_or_more():
    for case_id, (_, rows) in design_agreement()["per_case"].items():
        real = [s for kind, grade, s in rows if kind in ("strong", "good", "mediocre") and grade >= 4]
        adversarial = [s for kind, _, s in rows if kind in ("padded", "keywords", "off_topic", "injected")]
        assert max(adversarial) < min(real), case_id


def test_short_answers_correlate_with_hand_grades():
    assert short_agreement()["pearson"] >= 0.55
