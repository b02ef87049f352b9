"""The offline scorers agree with hand grades on the project's graded development sets.

Thresholds are asserted on the dev splits (the scorer was tuned on them); the holdout splits are
measured by benchmarks/scorer_agreement.py and only guarded against collapse here.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from scorer_agreement import (  # noqa: E402
    DESIGN_V1,
    DESIGN_V2,
    DESIGN_V3,
    DESIGN_V4,
    DESIGN_V5,
    DESIGN_V6,
    SHORT_BANK,
    SHORT_BANK_V2,
    SHORT_BANK_V3,
    SHORT_BANK_V4,
    SHORT_CS,
    design_agreement,
    short_agreement,
)


def test_design_answers_rank_like_the_hand_grades_on_the_dev_split():
    result = design_agreement(DESIGN_V2, "dev")
    assert result["n"] >= 80
    assert result["mean_case_spearman"] >= 0.75
    assert result["min_case_spearman"] >= 0.6


def test_buzzword_answers_with_false_claims_rank_at_or_below_the_median_on_the_dev_split():
    """Confident false claims fail an answer (issue 13): on the dev split at most 2 of the 10 such answers
    (the two whose claims the scorer does not recognise) rank above their case's median."""
    above = design_agreement(DESIGN_V2, "dev")["adversarial_above_median"]
    assert len([a for a in above if a[1] == "buzzword_false"]) <= 2


def test_holdout_splits_do_not_collapse():
    result = design_agreement(DESIGN_V2, "holdout")
    assert result["n"] >= 24 and result["mean_case_spearman"] >= 0.6
    fresh = design_agreement(DESIGN_V3)
    assert fresh["n"] == 56 and fresh["mean_case_spearman"] >= 0.6
    fresh = design_agreement(DESIGN_V4)
    assert fresh["n"] == 64 and fresh["mean_case_spearman"] >= 0.6
    # Its injected answers are graded 4-5 on content and scored 0 by design; the others rank as graded.
    assert fresh["mean_case_spearman_without_injected"] >= 0.8
    fresh = design_agreement(DESIGN_V5)
    assert fresh["n"] == 64 and fresh["mean_case_spearman"] >= 0.6
    # No honest answer of v5 is failed outright (its gmail medium answer was, by one over-general phrasing).
    assert all(s > 0 for c in fresh["per_case"].values() for kind, _, s, _ in c["rows"]
               if kind in ("strong", "medium"))


def test_keyword_lists_salad_and_off_topic_answers_never_rank_above_the_median():
    for path in (DESIGN_V2, DESIGN_V1):
        above = design_agreement(path)["adversarial_above_median"]
        assert [a for a in above if a[1] in ("keywords", "salad", "off_topic", "padded")] == []


def test_text_aimed_at_the_grader_voids_the_answer():
    for path in (DESIGN_V2, DESIGN_V1, DESIGN_V3, DESIGN_V4, DESIGN_V5, DESIGN_V6):
        for case_id, c in design_agreement(path)["per_case"].items():
            assert all(s == 0.0 for kind, _, s, _ in c["rows"] if kind == "injected"), case_id


def test_adversarial_design_answers_never_beat_a_real_answer_of_grade_4_or_more():
    for case_id, c in design_agreement(DESIGN_V1)["per_case"].items():
        real = [s for kind, grade, s, _ in c["rows"] if kind in ("strong", "good", "mediocre") and grade >= 4]
        adversarial = [s for kind, _, s, _ in c["rows"] if kind in ("padded", "keywords", "off_topic", "injected")]
        assert max(adversarial) < min(real), case_id


def test_short_answers_correlate_with_hand_grades():
    assert short_agreement(SHORT_BANK, "dev")["pearson"] >= 0.7
    assert short_agreement(SHORT_BANK, "holdout")["pearson"] >= 0.6
    assert short_agreement(SHORT_CS)["pearson"] >= 0.7


def test_keyword_lists_never_suggest_better_than_not_yet():
    ratings = short_agreement(SHORT_BANK, "dev")["ratings"]
    assert set(ratings["keywords"]) == {"not"}


def test_the_fresh_short_answer_set_does_not_collapse_and_caps_no_correct_answer():
    """The blind set of 160 answers over 32 new questions: Pearson stays above the issue's 0.60, and no correct
    paraphrase is capped at "Not yet" (one was, by the numbers check, before its fix)."""
    result = short_agreement(SHORT_BANK_V2)
    assert result["n"] == 160 and result["pearson"] >= 0.6
    assert result["ratings"]["paraphrase"].get("not", 0) == 0


def test_the_third_short_answer_set_does_not_collapse():
    """The third blind set (210 answers over 42 questions, never tuned on): Pearson stays above the issue's
    0.60 and keyword lists never suggest better than "Not yet"."""
    result = short_agreement(SHORT_BANK_V3)
    assert result["n"] == 210 and result["pearson"] >= 0.6
    assert set(result["ratings"]["keywords"]) == {"not"}


def test_the_fourth_short_answer_set_does_not_collapse():
    """The fourth blind set (200 answers over 40 questions): Pearson stays above the issue's 0.60, keyword
    lists never suggest better than "Not yet", and most correct paraphrases suggest "Knew"."""
    result = short_agreement(SHORT_BANK_V4)
    assert result["n"] == 200 and result["pearson"] >= 0.6
    assert set(result["ratings"]["keywords"]) == {"not"}
    assert result["ratings"]["paraphrase"].get("knew", 0) >= 35


def test_the_sixth_design_set_does_not_collapse_and_its_salad_scores_nothing():
    """The sixth blind set (8 cases x 8 kinds): per-case Spearman mean stays above 0.6, and its word salad,
    which scored 32.2 before the word-order check, scores 0."""
    result = design_agreement(DESIGN_V6)
    assert result["n"] == 64 and result["mean_case_spearman"] >= 0.6
    assert all(s == 0.0 for c in result["per_case"].values() for kind, _, s, _ in c["rows"] if kind == "salad")
