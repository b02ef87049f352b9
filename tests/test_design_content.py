"""The shipped design cases: the 18 required ids and the editorial rules."""

import pytest

from design_cases.editorial import case_problems
from design_cases.loader import load_cases
from design_cases.self_review import weighted_score

REQUIRED = {
    "meta-feed-ranking", "meta-reels-recommendations", "meta-ads-ctr", "meta-harmful-content",
    "meta-marketplace-search", "meta-feature-store",
    "google-youtube-recommendations", "google-search-ranking", "google-query-autocomplete", "google-gmail-spam",
    "google-photos-search", "google-training-platform",
    "openai-chat-serving", "openai-api-rate-limiting", "openai-rag-assistant", "openai-eval-pipeline",
    "openai-rlhf-pipeline", "openai-moderation",
}
LIBRARY = load_cases()


def test_library_loads_without_errors():
    assert LIBRARY.errors == ()


def test_all_required_cases_exist():
    assert REQUIRED - set(LIBRARY.by_id()) == set()


@pytest.mark.parametrize("case", LIBRARY.cases, ids=[c.id for c in LIBRARY.cases])
def test_case_meets_editorial_rules(case):
    assert case_problems(case) == []
    assert sum(c.weight for c in case.rubric.criteria) == 100
    assert all(len(c.levels) == 4 for c in case.rubric.criteria)
    assert case.company_style == case.id.split("-")[0]


@pytest.mark.parametrize("case", LIBRARY.cases[:1], ids=[c.id for c in LIBRARY.cases[:1]])
def test_weighted_score_bounds(case):
    assert weighted_score(case, {c.id: 1 for c in case.rubric.criteria}) == 0
    assert weighted_score(case, {c.id: 4 for c in case.rubric.criteria}) == 100
    with pytest.raises(ValueError):
        weighted_score(case, {})
