"""Issue 13 on the Design page: a submitted answer's false claims are listed with their corrections, and an
answer over the size limit is refused with one st.error before anything is recorded."""

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from design_cases.loader import load_cases
from progress import design_attempt as da
from progress.attempts import attempts_for
from progress.store import Store

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


def _type(at, case_id: str, text: str, rev: int = 0) -> None:
    at.session_state[f"d_answer_{case_id}_{rev}"] = {"id": str(time.time()), "type": "change", "lang": "markdown",
                                                     "text": text, "selected": "", "cursor": ""}
    at.run()


@pytest.fixture
def page():
    at = AppTest.from_file(MAIN, default_timeout=90)
    at.run()
    at.switch_page("views/design.py").run()
    assert not at.exception
    return at


def _answer_and_submit(page, home, text):
    case_id = page.selectbox(key="d_selected").value
    page.button(key=f"d_{case_id}_start").click().run()
    _type(page, case_id, text)
    store = Store(home / "mastery.db")
    a = da.load(store, case_id)
    a.deadline = time.time() - 1  # time is up: the self-review and Submit are shown
    da.save(store, a)
    page.run()
    page.button(key=f"d_submit_{case_id}").click().run()
    return case_id, store


def test_false_claims_are_listed_with_their_corrections(page, mastery_home):
    case = load_cases().by_id()[page.selectbox(key="d_selected").value]
    claim = case.rubric.misconceptions[0]
    case_id, store = _answer_and_submit(page, mastery_home, case.reference_design + "\n\n" + claim.phrasings[0])
    assert not page.exception
    shown = " ".join(e.value for e in page.error) + " ".join(m.value for m in page.markdown)
    assert "False claims: 1" in shown
    assert claim.phrasings[0] in shown and claim.correction[:60] in shown
    (attempt,) = attempts_for(store, "case", case_id)
    assert [m["id"] for m in attempt.details["offline_score"]["misconceptions"]] == [claim.id]


def test_an_oversized_answer_is_refused_and_nothing_is_recorded(page, mastery_home):
    case_id, store = _answer_and_submit(page, mastery_home, "word " * 25_000)
    assert not page.exception
    assert any("100 KB" in e.value or "102,400 bytes" in e.value for e in page.error)
    assert attempts_for(store, "case", case_id) == []


def test_a_dismissed_key_point_is_listed_with_the_key_point_as_what_is_true(page, mastery_home):
    from evaluators.claims import agrees_with_a_dismissal
    from evaluators.rubric_scoring import DISMISSED_CLAIM
    from tests.support.dismissals import dismissal_of

    case = load_cases().by_id()[page.selectbox(key="d_selected").value]
    kp = next(k for cr in case.rubric.criteria for k in cr.key_points if not agrees_with_a_dismissal(k.text))
    sentence = dismissal_of(kp.text)
    case_id, store = _answer_and_submit(page, mastery_home, case.reference_design + "\n\n" + sentence)
    assert not page.exception
    shown = " ".join(e.value for e in page.error) + " ".join(m.value for m in page.markdown)
    assert "False claims: 1" in shown
    assert sentence in shown and DISMISSED_CLAIM in shown and kp.text in shown
    (attempt,) = attempts_for(store, "case", case_id)
    assert [m["id"] for m in attempt.details["offline_score"]["misconceptions"]] == [f"dismisses-{kp.id}"]


def test_an_answer_with_no_recognised_claim_is_told_what_the_scorer_cannot_check(page, mastery_home):
    """No false claim found is not "no false claim made": the panel says how many the scorer knows and that it
    recognises them only when worded closely."""
    case = load_cases().by_id()[page.selectbox(key="d_selected").value]
    _answer_and_submit(page, mastery_home, case.reference_design)
    assert not page.exception
    note = [c.value for c in page.caption if c.value.startswith("No false claim recognised")]
    assert note and f"knows {len(case.rubric.misconceptions)} common wrong claims" in note[0]
    assert not [e for e in page.error if e.value.startswith("False claims")]
