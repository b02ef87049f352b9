"""The shipped question bank meets its structural and editorial rules."""

from collections import Counter

import pytest

from question_bank.duplicates import near_duplicate_prompts
from question_bank.editorial import bank_problems, question_problems
from question_bank.loader import load_bank
from question_bank.taxonomy import load_taxonomy

MIN_QUESTIONS = 480
MIN_PER_TOPIC = 5  # the floor for any topic; weighted topics need more (test below)
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


NEW_TOPIC_MINIMUMS = {  # issue 19: the 2026 loops
    "agents-tool-use": 14, "llm-evaluation": 14, "rag-engineering": 12, "recommender-systems": 14,
    "distributed-training": 12, "gpu-inference-performance": 12, "reasoning-post-training": 8, "multimodal": 6,
}


def test_every_topic_reaches_the_count_its_weight_asks_for(bank):
    counts = Counter(q.topic for q in bank.questions)
    short = {t.id: (counts[t.id], t.min_questions) for a in load_taxonomy().areas for t in a.topics
             if counts[t.id] < t.min_questions}
    assert short == {}


def test_new_topics_have_their_minimums(bank):
    counts = Counter(q.topic for q in bank.questions)
    assert {t: counts[t] for t, n in NEW_TOPIC_MINIMUMS.items() if counts[t] < n} == {}


def test_heavier_topics_have_more_questions(bank):
    """Counts follow the weights: the mean count per weight rises with the weight."""
    counts = Counter(q.topic for q in bank.questions)
    by_weight: dict[int, list[int]] = {}
    for area in load_taxonomy().areas:
        for t in area.topics:
            by_weight.setdefault(t.weight, []).append(counts[t.id])
    means = [sum(v) / len(v) for _, v in sorted(by_weight.items())]
    assert means == sorted(means) and means[-1] >= 1.5 * means[0], means


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
