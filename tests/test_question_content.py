"""The shipped question bank meets its structural and editorial rules."""

from collections import Counter

import pytest

from question_bank.duplicates import near_duplicate_prompts
from question_bank.editorial import bank_problems, question_problems
from question_bank.loader import load_bank
from question_bank.taxonomy import load_taxonomy

MIN_QUESTIONS = 320
MIN_PER_TOPIC = 7
MIN_BEHAVIORAL = 24


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_bank_loads_without_errors(bank):
    assert bank.errors == ()


def test_bank_size(bank):
    assert len(bank.questions) >= MIN_QUESTIONS


def test_every_topic_has_enough_questions(bank):
    counts = Counter((q.area, q.topic) for q in bank.questions)
    thin = {f"{a}/{t.id}": counts[(a, t.id)] for a in (x.id for x in load_taxonomy().areas)
            for t in load_taxonomy().area(a).topics if counts[(a, t.id)] < MIN_PER_TOPIC}
    assert thin == {}


def test_behavioral_count(bank):
    assert sum(q.area == "behavioral" for q in bank.questions) >= MIN_BEHAVIORAL


def test_every_question_meets_the_editorial_rules(bank):
    problems = [p for q in bank.questions for p in question_problems(q)]
    assert problems == []


def test_shares_of_follow_ups_and_hard_questions(bank):
    assert bank_problems(list(bank.questions)) == []


def test_no_near_duplicate_prompts(bank):
    assert near_duplicate_prompts(bank.questions) == []


def test_near_duplicate_detector_flags_a_reworded_copy(bank):
    q = bank.questions[0]
    copy = q.model_copy(update={"id": "reworded-copy", "prompt": "In short: " + q.prompt.replace("?", ", briefly?")})
    pairs = near_duplicate_prompts([*bank.questions, copy])
    assert (q.id, "reworded-copy") in [(a, b) for a, b, _ in pairs]


def test_every_type_and_difficulty_and_role_is_used(bank):
    assert {q.difficulty for q in bank.questions} == {"easy", "medium", "hard"}
    assert {"concept", "trade-off", "scenario", "estimation", "behavioral"} <= {q.type for q in bank.questions}
    assert {r for q in bank.questions for r in q.roles} == {"backend-ai-engineer", "ml-platform-engineer",
                                                           "ai-research-engineer"}
