"""The Katas page through AppTest: start, submit (pass and fail), hints, give up, time running out."""

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coding_katas.loader import load_katas
from progress.attempts import attempts_for
from progress.store import Store

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")
KATA = "softmax"


@pytest.fixture
def page():
    at = AppTest.from_file(MAIN, default_timeout=90)
    at.run()
    at.switch_page("views/katas.py").run()
    at.selectbox(key="k_selected").set_value(KATA).run()
    assert not at.exception
    return at


def _type_code(at, code: str) -> None:
    # The editor is a custom component; AppTest sets its value through session state.
    at.session_state[f"k_editor_{KATA}"] = {"id": str(time.time()), "type": "blur", "lang": "python", "text": code,
                                             "selected": "", "cursor": ""}


def _attempts(home):
    return attempts_for(Store(home / "mastery.db"), "kata", KATA)


def test_list_filters_by_runtime_and_status(page):
    total = len(load_katas().katas)
    assert f"of {total} katas" in page.caption[0].value
    page.multiselect(key="k_runtimes").select("python").run()
    ids = page.selectbox(key="k_selected").options
    expected = [k.kata.id for k in load_katas().katas if k.kata.runtime == "python"]
    assert len(ids) == len(expected)
    page.multiselect(key="k_status").select("solved").run()
    assert "No kata matches" in page.info[0].value


def test_passing_submission_is_stored_and_reveals_solution(page, mastery_home):
    page.button(key=f"k_{KATA}_start").click().run()
    assert page.metric[0].label == "Time left"
    _type_code(page, load_katas().by_id()[KATA].solution)
    page.button(key=f"k_submit_{KATA}").click().run()
    assert not page.exception
    assert "All tests passed" in page.success[0].value
    assert any(e.label == "Reference solution" for e in page.expander)
    (attempt,) = _attempts(mastery_home)
    assert attempt.result == "pass" and attempt.score == 1.0
    assert attempt.details["mode"] == "submit" and attempt.details["revealed"] is False
    assert set(attempt.details["verdicts"].values()) == {"AC"} and "def softmax" in attempt.details["code"]


def test_failing_submission_opens_first_failure(page, mastery_home):
    page.button(key=f"k_{KATA}_start").click().run()
    _type_code(page, "import numpy as np\ndef softmax(x, axis=-1):\n    e = np.exp(x)\n"
                     "    return e / e.sum(axis=axis, keepdims=True)\n")
    page.button(key=f"k_submit_{KATA}").click().run()
    assert "Not yet" in page.error[0].value
    failures = [e for e in page.expander if "material/cancel" in e.label]
    assert failures and failures[0].proto.expanded and not any(e.proto.expanded for e in failures[1:])
    assert not any(e.label == "Reference solution" for e in page.expander)
    assert _attempts(mastery_home)[0].result == "fail"


def test_run_samples_grades_only_samples(page, mastery_home):
    page.button(key=f"k_{KATA}_untimed").click().run()
    page.button(key=f"k_samples_{KATA}").click().run()  # the starter: NotImplementedError
    labels = [e.label for e in page.expander if "·" in e.label]
    assert labels and all("· sample ·" in label for label in labels)
    assert _attempts(mastery_home)[0].result == "samples_fail"


def test_hints_one_at_a_time_and_give_up(page, mastery_home):
    page.button(key=f"k_{KATA}_start").click().run()
    page.button(key=f"k_hint_{KATA}").click().run()
    assert len(page.info) == 1 and page.info[0].value.startswith("Hint 1:")
    page.button(key=f"k_giveup_{KATA}").click().run()
    assert any(e.label == "Reference solution" for e in page.expander)
    attempt = _attempts(mastery_home)[0]
    assert attempt.result == "gave_up" and attempt.details["hints_used"] == 1 and attempt.details["revealed"]


def test_time_running_out_records_over_time_and_allows_finishing(page, mastery_home):
    page.button(key=f"k_{KATA}_start").click().run()
    page.session_state["k_state"][KATA]["deadline"] = time.time() - 1  # the stored deadline has passed
    page.run()
    assert "Time is up" in page.warning[0].value
    assert _attempts(mastery_home)[0].result == "over_time"
    _type_code(page, load_katas().by_id()[KATA].solution)
    page.button(key=f"k_submit_{KATA}").click().run()
    latest = _attempts(mastery_home)[0]
    assert latest.result == "pass" and latest.details["over_time"] is True
