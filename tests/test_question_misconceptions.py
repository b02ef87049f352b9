"""A question's catalogued false claims: each phrasing is caught, the reference answer is not."""

from __future__ import annotations

import pytest

from evaluators.scoring import DISMISSED_CLAIM, WRONG_CAP, analyse_question_answer
from question_bank.loader import load_bank

QUESTIONS = [q for q in load_bank().questions if q.misconceptions]


def test_the_bank_has_catalogued_false_claims():
    """Every technical question carries a catalogue of its common false claims (behavioral ones have none);
    4 or more for nearly all of them (at least 2,200 claims over 455 questions)."""
    technical = [q for q in load_bank().questions if q.area != "behavioral"]
    assert all(q.misconceptions for q in technical)
    assert sum(len(q.misconceptions) >= 4 for q in technical) >= 450
    assert sum(len(q.misconceptions) for q in technical) >= 2200


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_the_reference_answer_asserts_none_of_its_false_claims(question):
    result = analyse_question_answer(question, question.answer)
    assert result.misconceptions == [], [m["evidence"] for m in result.misconceptions]


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_every_phrasing_appended_to_a_correct_answer_is_caught_and_caps_the_score(question):
    for m in question.misconceptions:
        for phrasing in m.phrasings:
            answer = question.answer + "\n\n" + phrasing.rstrip(".") + "."
            result = analyse_question_answer(question, answer)
            assert any(f["claim"] == m.claim for f in result.misconceptions), phrasing
            assert result.score <= WRONG_CAP


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_no_true_statement_of_the_question_is_flagged_as_a_false_claim(question):
    """Each key point and each claim's correction, appended to the reference answer, is true: neither a
    catalogued claim nor a dismissal may be found in it. (Nine phrasings that differed from a true key point
    only in a number, a direction or a negation flagged it, e.g. "bf16 training needs dynamic loss scaling
    just like fp16" flagged "fp16 needs dynamic loss scaling"; they were reworded.)"""
    for truth in [*question.key_points, *(m.correction for m in question.misconceptions)]:
        answer = question.answer + "\n\n" + truth.rstrip(".") + "."
        result = analyse_question_answer(question, answer)
        assert result.misconceptions == [], (truth, [m["claim"] for m in result.misconceptions])


def test_no_follow_up_answer_asserts_a_catalogued_claim():
    """A question's follow-up answers are true statements on its subject, typed as answers to it: none may be
    found to make one of the question's false claims. (Six phrasings matched one: "About 385 labels are enough
    for both precision and recall" found the words of a true sentence about bootstrapping recall; removed.)"""
    flagged = []
    for question in load_bank().questions:
        for follow_up in question.follow_ups:
            result = analyse_question_answer(question, follow_up.answer)
            flagged += [(question.id, m["claim"]) for m in result.misconceptions if m["claim"] != DISMISSED_CLAIM]
    assert flagged == []
