"""A design answer that calls one of the rubric's key points unnecessary makes a false claim (issue 13).

The rubric's key points are what the design needs; "its judgments do not need calibration against humans"
says the opposite of one of them, whatever its wording, so it earns nothing for that key point and counts
as a false claim. A condition ("if ..., ... is unnecessary") or a reported pitfall does not."""

from __future__ import annotations

import pytest

from design_cases.loader import load_cases
from evaluators.rubric_scoring import DISMISSED_CLAIM, FALSE_CLAIMS_CAPS, dismisses, score_design

CASES = load_cases().by_id()


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Since it is the best model, its judgments do not need calibration against humans.", True),
    ("We do not need a KL penalty with PPO, because clipping keeps the policy close.", True),
    ("Reruns are unnecessary, so one sample per item gives the exact score.", True),
    ("There is no need to log served features, since both stores converge.", True),
    ("Authenticated mail can skip the content models entirely and go straight to the inbox.", True),
    # A condition states when skipping is safe: judgement, not a blanket claim.
    ("If the library has under 10,000 photos, an ANN index is unnecessary and brute force is exact.", False),
    ("We do not need a second region unless the SLA asks for one.", False),
    ("When the candidate list is short, there is no need for an early ranker.", False),
    # Reported as a mistake, not made.
    ("A common mistake is to think that calibration is unnecessary for a strong judge.", False),
    ("Some teams assume \"the judge does not need calibration\"; it does.", False),
    # Not a dismissal at all.
    ("We calibrate the judge against 500 human labels every release.", False),
    ("Negatives are sampled at 10% and reweighted, which keeps the estimate unbiased.", False),
])
def test_dismisses(sentence, expected):
    assert dismisses(sentence) is expected


def _dismissal_of(key_point_text: str, condition: str = "") -> str:
    practice = key_point_text[0].lower() + key_point_text[1:].rstrip(".")
    return f"{condition}It is unnecessary that the design {practice}."


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_dismissing_a_key_point_is_a_false_claim_about_that_key_point(case_id):
    """The reference design plus a sentence calling one key point unnecessary, for every key point: the
    dismissal names that key point (never another), the sentence is not its evidence, and the total drops.
    The same sentence under a condition is not a false claim."""
    case = CASES[case_id]
    base = score_design(case, case.reference_design)
    assert base.misconceptions == []
    points = [(cr, kp) for cr in case.rubric.criteria for kp in cr.key_points]
    detected = 0
    for cr, kp in points:
        sentence = _dismissal_of(kp.text)
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
        conditional = _dismissal_of(kp.text, "If the traffic stays small, ")
        assert not any(m["id"].startswith("dismisses-")
                       for m in score_design(case, case.reference_design + "\n\n" + conditional).misconceptions)
    assert detected >= 0.8 * len(points), (detected, len(points))


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_two_dismissals_fail_the_answer(case_id):
    """Two key points of different criteria called unnecessary: two false claims, so the total is capped
    however much else the answer covers."""
    case = CASES[case_id]
    cap = FALSE_CLAIMS_CAPS[min(FALSE_CLAIMS_CAPS)]
    dismissals, criteria = [], set()
    for cr in case.rubric.criteria:
        for kp in cr.key_points:
            sentence = _dismissal_of(kp.text)
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
