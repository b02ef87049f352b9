"""Katas page: custom input shows the user's value and prints next to the reference's value; the
comparison tolerance is shown next to the tests."""

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")
KATA = "softmax"
USER = ("import numpy as np\n"
        "def softmax(x, axis=-1):\n"
        "    print('shape', x.shape)\n"
        "    e = np.exp(x)\n"
        "    return e / e.sum(axis=axis, keepdims=True)\n")


@pytest.fixture
def page():
    at = AppTest.from_file(MAIN, default_timeout=90)
    at.run()
    at.switch_page("views/katas.py").run()
    at.selectbox(key="k_selected").set_value(KATA).run()
    at.button(key=f"k_{KATA}_untimed").click().run()
    assert not at.exception
    return at


def _type_code(at, code):
    at.session_state[f"k_editor_{KATA}_0"] = {"id": str(time.time()), "type": "blur", "lang": "python",
                                               "text": code, "selected": "", "cursor": ""}


def test_custom_input_runs_the_editor_code_and_the_reference(page):
    _type_code(page, USER)
    page.text_area(key=f"k_custom_{KATA}_args").input("[[1.0, 2.0], [0.0, 1000.0]]")
    page.button(key=f"k_custom_{KATA}_run").click().run()
    assert not page.exception
    codes = [c.value for c in page.code]
    assert any("shape (2, 2)" in c for c in codes)                      # the user's print
    assert any("nan" in c for c in codes)                               # the user's (overflowing) value
    assert any("1." in c and "nan" not in c and "array" in c for c in codes)  # the reference's value
    assert any("Differs from the reference" in w.value for w in page.warning)
    page.text_area(key=f"k_custom_{KATA}_args").input("[1.0, 2.0]")
    page.button(key=f"k_custom_{KATA}_run").click().run()
    assert any("same value as the reference" in s.value for s in page.success)


def test_non_literal_arguments_are_refused_without_running(page):
    page.text_area(key=f"k_custom_{KATA}_args").input("__import__('os').getcwd()")
    page.button(key=f"k_custom_{KATA}_run").click().run()
    assert any("only Python literals" in e.value for e in page.error)


def test_tolerance_is_shown_next_to_the_tests(page):
    assert any(c.value.startswith("Comparison: numbers and arrays match") for c in page.caption)
