"""Katas page: every submission is an iteration that can be opened and diffed (previous; reference after a pass)."""

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from coding_katas.loader import load_katas

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")
KATA = "softmax"
SOLUTION = load_katas().by_id()[KATA].solution
WRONG = ("import numpy as np\ndef softmax(x, axis=-1):\n    e = np.exp(x)\n"
         "    return e / e.sum(axis=axis, keepdims=True)\n")


def _type_code(at, code):
    at.session_state[f"k_editor_{KATA}_0"] = {"id": str(time.time()), "type": "blur", "lang": "python",
                                               "text": code, "selected": "", "cursor": ""}


def test_two_submissions_diff_and_reference_after_the_pass(mastery_home):
    at = AppTest.from_file(MAIN, default_timeout=90)
    at.run()
    at.switch_page("views/katas.py").run()
    at.selectbox(key="k_selected").set_value(KATA).run()
    assert not any(e.label.startswith("Your iterations") for e in at.expander)
    at.button(key=f"k_{KATA}_untimed").click().run()
    _type_code(at, WRONG)
    at.button(key=f"k_submit_{KATA}").click().run()
    assert not at.radio  # the panel is drawn once opened
    at.session_state[f"k_iter_{KATA}_open"] = True  # what opening it does
    at.run()
    view = at.radio(key=f"k_iter_{KATA}_view")
    assert list(view.options) == ["its code"]  # one iteration, not solved: no diffs yet
    assert any("opens once you pass" in c.value for c in at.caption)
    _type_code(at, SOLUTION)
    at.button(key=f"k_submit_{KATA}").click().run()
    assert not at.exception
    assert any(e.label == "Your iterations (2)" for e in at.expander)
    picker = at.selectbox(key=f"k_iter_{KATA}")
    assert picker.value == 2 and picker.options[0].startswith("#2") and "pass" in picker.options[0]  # newest opens
    at.radio(key=f"k_iter_{KATA}_view").set_value("diff with the previous iteration").run()
    diff_text = next(c.value for c in at.code if c.value.startswith("--- iteration 1"))
    assert "+++ iteration 2" in diff_text and "-    e = np.exp(x)" in diff_text
    at.radio(key=f"k_iter_{KATA}_view").set_value("diff with the reference").run()
    assert any(c.value == "Identical to the reference." for c in at.code)
    at.selectbox(key=f"k_iter_{KATA}").set_value(1).run()
    ref_diff = next(c.value for c in at.code if c.value.startswith("--- reference"))
    assert "+    e = np.exp(x)" in ref_diff
