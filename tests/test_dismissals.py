"""An answer that calls one of the rubric's (or the question's) key points unnecessary makes a false claim
(issue 13).

The rubric's key points are what the design needs; "its judgments do not need calibration against humans"
says the opposite of one of them, whatever its wording, so it earns nothing for that key point and counts
as a false claim. A condition ("if ..., ... is unnecessary") or a reported pitfall does not."""

from __future__ import annotations

import pytest

from design_cases.loader import load_cases
from evaluators.claims import agrees_with_a_dismissal, dismisses, is_negative_statement
from evaluators.rubric_scoring import DISMISSED_CLAIM, FALSE_CLAIMS_CAPS, score_design
from evaluators.scoring import DISMISSED_CLAIM as SHORT_DISMISSED_CLAIM
from evaluators.scoring import analyse_answer, analyse_question_answer
from question_bank.loader import load_bank
from tests.support.dismissals import dismissal_of

CASES = load_cases().by_id()


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Since it is the best model, its judgments do not need calibration against humans.", True),
    ("We do not need a KL penalty with PPO, because clipping keeps the policy close.", True),
    ("Reruns are unnecessary, so one sample per item gives the exact score.", True),
    ("There is no need to log served features, since both stores converge.", True),
    ("Authenticated mail can skip the content models entirely and go straight to the inbox.", True),
    ("We test each eval at p < 0.05, so no multiple-testing correction is needed.", True),
    ("Each chip is equally reliable, so large jobs need no special handling.", True),
    ("Position never needs to be modelled in a feed, since users scroll past every post anyway.", True),
    ("Interleaving needs more traffic than an A/B test, so we skip it and go straight to the A/B test.", True),
    ("For a new retrieval source the A/B test can be short or skipped.", True),
    # A condition states when skipping is safe: judgement, not a blanket claim.
    ("If the library has under 10,000 photos, an ANN index is unnecessary and brute force is exact.", False),
    ("We do not need a second region unless the SLA asks for one.", False),
    ("When the candidate list is short, there is no need for an early ranker.", False),
    ("When the prefix is cached, the request never needs a second round trip.", False),
    ("If the traffic stays low, we can skip it.", False),
    # Reported as a mistake, not made.
    ("A common mistake is to think that calibration is unnecessary for a strong judge.", False),
    ("Some teams assume \"the judge does not need calibration\"; it does.", False),
    # Not a dismissal at all.
    ("We calibrate the judge against 500 human labels every release.", False),
    ("The timer skips the first 100 warm-up steps.", False),
    # An order for shedding load, not a claim that something is unneeded.
    ("Lower-priority traffic can be dropped first so paying users still get served.", False),
    ("Negatives are sampled at 10% and reweighted, which keeps the estimate unbiased.", False),
])
def test_dismisses(sentence, expected):
    assert dismisses(sentence) is expected


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_dismissing_a_key_point_is_a_false_claim_about_that_key_point(case_id):
    """The reference design plus a sentence calling one key point unnecessary, for a third of them: the
    dismissal names that key point (never another), the sentence is not its evidence, and the total drops.
    The same sentence under a condition is not a false claim."""
    case = CASES[case_id]
    base = score_design(case, case.reference_design)
    assert base.misconceptions == []
    # A negative key point ("Handles a viewer with no history ...") is never the one dismissed. Every third
    # key point (about 12 per case) keeps the test to a few seconds; across cases every criterion is covered.
    points = [(cr, kp) for cr in case.rubric.criteria for kp in cr.key_points if not agrees_with_a_dismissal(kp.text)]
    points = points[::3]
    detected = 0
    for cr, kp in points:
        sentence = dismissal_of(kp.text)
        result = score_design(case, case.reference_design + "\n\n" + sentence)
        dismissed = [m for m in result.misconceptions if m["id"].startswith("dismisses-")]
        if not dismissed:
            continue
        detected += 1
        assert [m["id"] for m in dismissed] == [f"dismisses-{kp.id}"]
        assert dismissed[0] == {"id": f"dismisses-{kp.id}", "criterion": cr.id, "claim": DISMISSED_CLAIM,
                                "correction": kp.text, "evidence": sentence, "contradicted": False}
        evidence = {k.id: k.evidence for c in result.criteria for k in c.key_points}
        assert evidence[kp.id] != sentence
        assert result.total < base.total
        conditional = dismissal_of(kp.text, "If the traffic stays small, ")
        assert not any(m["id"].startswith("dismisses-")
                       for m in score_design(case, case.reference_design + "\n\n" + conditional).misconceptions)
    assert detected >= 0.7 * len(points), (detected, len(points))


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_two_dismissals_fail_the_answer(case_id):
    """Two key points of different criteria called unnecessary: two false claims, so the total is capped
    however much else the answer covers."""
    case = CASES[case_id]
    cap = FALSE_CLAIMS_CAPS[min(FALSE_CLAIMS_CAPS)]
    dismissals, criteria = [], set()
    for cr in case.rubric.criteria:
        for kp in (k for k in cr.key_points if not agrees_with_a_dismissal(k.text)):
            sentence = dismissal_of(kp.text)
            found = score_design(case, case.reference_design + "\n\n" + sentence).misconceptions
            if cr.id not in criteria and any(m["id"] == f"dismisses-{kp.id}" for m in found):
                dismissals.append(sentence)
                criteria.add(cr.id)
                break
        if len(dismissals) == 2:
            break
    assert len(dismissals) == 2
    result = score_design(case, case.reference_design + "\n\n" + "\n\n".join(dismissals))
    assert len(result.misconceptions) == 2
    assert result.total <= cap < score_design(case, case.reference_design).total


@pytest.mark.parametrize(("text", "negative"), [
    ("Input drift does not imply a loss of accuracy, and vice versa.", True),
    ("Do not require one exact path; many trajectories are valid.", True),
    ("Avoids synchronous cross-region calls on the request path.", True),
    ("Chooses rank and target modules by validation, not by default.", False),
    ("Keeps hot spare nodes so a failed job restarts without waiting for repair.", False),
])
def test_a_negative_key_point_is_told_from_a_qualified_positive_one(text, negative):
    assert is_negative_statement(text) is negative


# Short answers (evaluators.scoring): the same rule against the question's key points.

BANK = load_bank().questions


def test_the_issues_kv_cache_answer_suggests_not_yet():
    """Issue 13's example: fp32, all 32 heads and "no need to subtract the weights" suggested "Partly"."""
    q = next(q for q in BANK if q.id == "model-serving-kv-cache-capacity-estimate")
    answer = ("Each token stores keys and values for all 32 heads in fp32: 2 x 32 layers x 32 heads x 128 x 4 bytes "
              "is 1 MiB, so an 8K-token request takes 8 GiB. There is no need to subtract the weights, because they "
              "sit in their own memory region, so 80 GB holds exactly 10 requests.")
    result = analyse_question_answer(q, answer)
    assert result.suggested_rating == "not"
    dismissed = [m for m in result.misconceptions if m["claim"] == SHORT_DISMISSED_CLAIM]
    assert [m["correction"] for m in dismissed] == ["Subtract weights and runtime overhead before dividing"]
    assert "no need to subtract the weights" in dismissed[0]["evidence"]


def test_no_reference_answer_in_the_bank_dismisses_its_own_key_points():
    for q in BANK:
        found = analyse_question_answer(q, q.answer).misconceptions
        assert not [m for m in found if m["claim"] == SHORT_DISMISSED_CLAIM], q.id


def test_dismissing_a_key_point_caps_a_short_answer_unless_a_condition_is_given():
    """Every positive key point of every 8th question, dismissed at the end of the reference answer: mostly
    flagged as that key point, always capped when flagged, and never flagged under a condition."""
    flagged = total = 0
    for q in BANK[::8]:
        for point in (k for k in q.key_points if not agrees_with_a_dismissal(k)):
            total += 1
            answer = q.answer + "\n\n" + dismissal_of(point, subject="")
            result = analyse_question_answer(q, answer)
            dismissed = [m["correction"] for m in result.misconceptions if m["claim"] == SHORT_DISMISSED_CLAIM]
            if dismissed:
                # (A key point of two clauses can lose its words to the question and match another.)
                flagged += dismissed == [point]
                assert result.suggested_rating == "not", (q.id, point)
            conditional = dismissal_of(point, "If the budget is tight, ", subject="")
            conditional = q.answer + "\n\n" + conditional
            result = analyse_question_answer(q, conditional)
            assert not [m for m in result.misconceptions if m["claim"] == SHORT_DISMISSED_CLAIM], (q.id, point)
    assert flagged >= 0.75 * total, (flagged, total)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("At large batch sizes the wasted FLOPs compete with other users and throughput can drop.", False),
    ("Recall can drop by 3 points when the index is quantised.", False),
    ("We can drop the re-ranker for short lists of results.", True),
])
def test_can_drop_dismisses_only_with_an_object(sentence, expected):
    assert dismisses(sentence) is expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Queue wait can be left out of the budget because autoscaling removes it.", True),
    ("The intercept can safely be left off the penalty term.", True),
    ("A small item-ID table for head items is optional for memorisation.", False),  # offers something extra
    ("Nothing was left out of the budget.", False),
])
def test_left_out_is_a_dismissal_and_optional_is_not(sentence, expected):
    assert dismisses(sentence) is expected


def test_a_reference_used_as_its_own_key_points_is_not_a_dismissal_of_itself():
    """Mock follow-ups score an answer against each sentence of the reference; a reference sentence that
    itself says something is unnecessary agrees with the same sentence in the answer."""
    reference = ("A second replica is not needed for a read-only index, since the index is rebuilt nightly from "
                 "the source table. Reads go to the one copy, and a rebuild takes about 20 minutes.")
    result = analyse_answer("Do we need a replica of the index?", reference, reference,
                            ["A second replica is not needed for a read-only index, since the index is rebuilt "
                             "nightly from the source table.", "Reads go to the one copy."])
    assert result.misconceptions == [] and result.suggested_rating == "knew"


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_no_true_statement_of_a_case_is_flagged_as_a_false_claim(case_id):
    """Key points and the corrections of the catalogued claims are true: appended to the reference design,
    none may be found as a false claim or a dismissal. (Four catalogued phrasings that shared a true key
    point's words, such as "A claim with a citation attached is grounded in the documents", flagged it and
    were reworded.) Every sixth statement, to keep the suite fast; all 1,583 pass."""
    case = CASES[case_id]
    truths = [k.text for cr in case.rubric.criteria for k in cr.key_points]
    truths += [m.correction for m in case.rubric.misconceptions]
    for truth in truths[::6]:
        found = score_design(case, case.reference_design + "\n\n" + truth.rstrip(".") + ".").misconceptions
        assert found == [], (truth, [m["id"] for m in found])


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_every_catalogued_phrasing_can_be_found(case_id):
    """A phrasing the detector can never match is dead catalogue: appended to the reference design, it must
    be found as its claim. (Ten were not: apostrophes in "don't ... everyone's" read as a quotation, "false
    flags" as a report that a claim is false, and "mistake" as a reported pitfall.) One phrasing per claim,
    rotating through them, to keep the suite fast."""
    case = CASES[case_id]
    for i, m in enumerate(case.rubric.misconceptions):
        phrasing = m.phrasings[i % len(m.phrasings)]
        found = score_design(case, case.reference_design + "\n\n" + phrasing).misconceptions
        assert m.id in {f["id"] for f in found}, phrasing


def _named_once(case):
    """Key points with a word (from a phrasing of two or more words) that no other key point's phrasings use."""
    from evaluators.claims import DISMISSAL_WORDS
    from evaluators.text import STOP_WORDS, content_stems, words

    points = [kp for cr in case.rubric.criteria for kp in cr.key_points]
    stems_of = {kp.id: set().union(*(set(content_stems(p)) for p in [kp.text, *kp.synonyms])) for kp in points}
    for kp in points:
        if agrees_with_a_dismissal(kp.text):
            continue
        for synonym in kp.synonyms:
            ws = [w for w in words(synonym) if w not in STOP_WORDS and w.isalpha()
                  and not set(content_stems(w)) & DISMISSAL_WORDS]
            unique = [w for w in ws if len(ws) > 1 and sum(set(content_stems(w)) <= s for s in stems_of.values()) == 1]
            if unique:
                yield kp, unique[0]
                break


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_a_dismissal_that_names_one_thing_dismisses_the_key_point_with_that_word(case_id):
    """"Exploration can be skipped" names one thing: the key point with a phrasing holding that word is the one
    dismissed, even when the rest of the sentence is about something else. (It needed two of a phrasing's words,
    so a one-word name dismissed nothing unless the sentence also covered the key point.)"""
    case = CASES[case_id]
    for kp, word in list(_named_once(case))[:2]:
        sentence = f"As for the rest of it, {word} can be skipped."
        found = score_design(case, case.reference_design + "\n\n" + sentence).misconceptions
        assert [m["id"] for m in found] == [f"dismisses-{kp.id}"], (word, found)


def test_a_longer_name_needs_two_of_its_words_in_the_key_point():
    """"no negative downsampling is needed" names two things; the key point on in-batch negatives has only one
    of them, so it is not what is dismissed (the Reels reference design says this, and it is true)."""
    case = CASES["meta-reels-recommendations"]
    sentence = "Every view has a label, so no negative downsampling is needed."
    assert sentence in " ".join(case.reference_design.split())
    assert score_design(case, sentence + " The rest follows the usual funnel.").misconceptions == []


def test_a_contrast_is_not_a_negative_statement():
    """'Fairness by tokens served, not request counts' asserts the first thing; read as negative, it agreed
    with 'Fair-share scheduling by tokens is unnecessary', which then dismissed nothing."""
    assert not is_negative_statement("Fairness by tokens served, not request counts (VTC)")
    assert is_negative_statement("Input drift does not imply a loss of accuracy")
    point = "Fairness by tokens served, not request counts (VTC)"
    answer = ("Give each tenant a requests-per-second limit. Fair-share scheduling by tokens is unnecessary, "
              "because FIFO across all tenants is already fair.")
    result = analyse_answer("A tenant's batch job doubles everyone's latency. What do you do?", point, answer, [point])
    assert any(m["claim"] == SHORT_DISMISSED_CLAIM for m in result.misconceptions)
