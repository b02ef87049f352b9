"""Catalogued false claims found in other words (evaluators.claims) and what finding several costs a design.

The paraphrase table (tests/data/misconception_paraphrases.yaml) was written blind to the catalogue's
phrasings and to the matcher; its holdout half was never used to tune anything."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from design_cases.loader import load_cases
from evaluators.claims import ClaimMatcher, closer_to_correction, concepts, is_hedged, relation
from evaluators.rubric_scoring import FALSE_CLAIMS_CAPS, score_design

CASES = load_cases().by_id()
TABLE = yaml.safe_load((Path(__file__).parent / "data" / "misconception_paraphrases.yaml").read_text())["items"]


def _rel(phrasing: str, sentence: str) -> str | None:
    return relation(concepts(phrasing), concepts(sentence))


@pytest.mark.parametrize("phrasing, sentence", [
    # a dismissal in other words is the same claim, not a negated one
    ("We don't need exploration traffic at our volume of views.",
     "Exploration traffic is unnecessary at this volume of views."),
    ("There is no need for a KL penalty with PPO clipping.",
     "PPO clipping makes the KL penalty redundant."),
    # synonyms of direction and of the measured quantity
    ("A bigger decode batch lowers each request's latency.",
     "Growing the decode batch makes each request faster."),
    ("Dot product and cosine similarity rank the embeddings the same way.",
     "Inner product and cosine give identical rankings of the embeddings."),
    ("More replicas fix a hot key's p99 latency.",
     "Scaling out the store takes care of the hot key's tail latency with more replicas."),
])
def test_a_paraphrase_asserts_the_claim(phrasing, sentence):
    assert _rel(phrasing, sentence) == "asserts"


@pytest.mark.parametrize("phrasing, sentence", [
    ("A bigger decode batch lowers each request's latency.",
     "A bigger decode batch raises each request's latency."),
    ("We don't need exploration traffic at our volume of views.",
     "We still need exploration traffic at our volume of views."),
    ("Dot product and cosine similarity rank the embeddings the same way.",
     "Dot product and cosine similarity do not rank the embeddings the same way."),
])
def test_the_opposite_direction_or_polarity_denies_it(phrasing, sentence):
    assert _rel(phrasing, sentence) == "denies"


def test_a_different_topic_is_neither():
    assert _rel("A bigger decode batch lowers each request's latency.",
                "We store user embeddings in a sharded key-value store.") is None


@pytest.mark.parametrize("sentence, hedged", [
    ("If every shard met its p99, the request would meet it too.", True),
    ("Bigger batches raise throughput, but each request waits longer.", True),
    ("Bigger batches make every request faster.", False),
])
def test_hypothetical_or_qualified_sentences_make_no_claim(sentence, hedged):
    assert is_hedged(sentence) is hedged
    matcher = ClaimMatcher.build([["Bigger batches make every request faster."]])
    assert (matcher.relations([sentence])[0][0] == "asserts") is (not hedged)


def test_a_sentence_closer_to_the_correction_is_a_correct_statement():
    phrasings = ["A bigger decode batch lowers each request's latency."]
    correction = ["A bigger decode batch raises throughput but lengthens every step, so each request's latency "
                  "grows; the batch is capped by the per-token latency SLO."]
    assert closer_to_correction("We cap the decode batch by the per-token latency SLO, since every step gets "
                                "longer as the batch grows.", phrasings, correction)
    assert not closer_to_correction("Growing the decode batch lowers each request's latency.", phrasings, correction)


def _table_counts(split: str) -> tuple[int, int, int, int]:
    found = wrong = positives = negatives = 0
    for item in TABLE:
        if item["split"] != split:
            continue
        case = CASES[item["case"]]
        for s in item["sentences"]:
            hit = item["misconception"] in {m["id"] for m in score_design(case, s["text"]).misconceptions}
            if s["asserts"]:
                positives += 1
                found += hit
            else:
                negatives += 1
                wrong += hit
    return found, positives, wrong, negatives


@pytest.mark.parametrize("split, floor", [("dev", 38), ("holdout", 20)])
def test_paraphrase_table_recall_and_no_false_alarm_on_the_true_statements(split, floor):
    """Measured 2026-12-07: dev 41/192, holdout 22/96 found, after the catalogue gained 1,670 phrasings
    written blind to this table (32 and 17 before); no true same-topic statement flagged. Recall is low and
    is the scorer's known limit (README)."""
    found, positives, wrong, negatives = _table_counts(split)
    assert positives >= 96 and negatives >= 48
    assert found >= floor
    assert wrong == 0


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_the_reference_design_and_envelope_assert_no_false_claim(case_id):
    case = CASES[case_id]
    for text in (case.reference_design, case.back_of_envelope):
        assert score_design(case, text).misconceptions == []


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_several_distinct_false_claims_cap_the_total(case_id):
    """The reference design plus n catalogued false claims (one phrasing each, from different criteria where
    possible): the total falls under the cap for n, and more claims never score more."""
    case = CASES[case_id]
    base = score_design(case, case.reference_design).total
    claims = sorted(case.rubric.misconceptions, key=lambda m: m.criterion)
    picked, seen = [], set()
    for m in claims:
        if m.criterion not in seen:
            picked.append(m)
            seen.add(m.criterion)
    picked += [m for m in claims if m not in picked]
    totals = [base]
    for n in (1, 2, 3, 4):
        answer = case.reference_design + "\n\n" + "\n\n".join(m.phrasings[0] for m in picked[:n])
        result = score_design(case, answer)
        assert {m["id"] for m in result.misconceptions} >= {m.id for m in picked[:n]}, n
        cap = FALSE_CLAIMS_CAPS.get(min(n, max(FALSE_CLAIMS_CAPS)))
        if cap is not None:
            assert result.total <= cap
        totals.append(result.total)
    assert totals == sorted(totals, reverse=True)
    assert totals[-1] < base - 40


def test_false_positive_is_a_term_not_a_report_that_the_claim_is_false():
    case = CASES["google-gmail-spam"]
    claim = next(m for m in case.rubric.misconceptions
                 if any("false positive" in p.lower() or "false-positive" in p.lower() for p in m.phrasings))
    phrasing = next(p for p in claim.phrasings if "false positive" in p.lower() or "false-positive" in p.lower())
    assert claim.id in {m["id"] for m in score_design(case, phrasing).misconceptions}
    assert score_design(case, "That claim is false: " + phrasing).misconceptions == []


def test_a_negated_need_is_a_dismissal_in_every_wording():
    """"no adjustment required", "needs no adjustment" and "the adjustment is unnecessary" are one claim."""
    from evaluators.claims import concepts

    forms = ["The sampled softmax needs no popularity adjustment.",
             "No popularity adjustment is required for the sampled softmax.",
             "The sampled softmax does not need a popularity adjustment.",
             "A popularity adjustment is unnecessary for the sampled softmax."]
    for form in forms:
        c = concepts(form)
        assert "xneedless" in c.items and "xneed" not in c.items and not c.negated, form
