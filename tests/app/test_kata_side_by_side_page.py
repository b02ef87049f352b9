"""Katas page: the prompt is readable before the clock starts; once started, prompt and editor sit side by side
under a bar with the clock, hints and buttons."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from coding_katas.loader import load_katas

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")
KATA = "softmax"


def _column_holding(at, predicate):
    """Index (within its row) of the column whose subtree satisfies predicate, and how many columns that row has."""
    for block in at.main.children.values():
        cols = [c for c in getattr(block, "children", {}).values() if type(c).__name__ == "Column"]
        for i, col in enumerate(cols):
            if predicate(col):
                return i, len(cols)
    return None, None


def _has_prompt(node):
    return any(getattr(e, "label", "").startswith("Prompt:") for e in node.get("expander"))


def _has_editor(node):
    return bool(node.get("component_instance"))


def test_read_before_start_then_prompt_and_editor_side_by_side(mastery_home):
    at = AppTest.from_file(MAIN, default_timeout=90)
    at.run()
    at.switch_page("views/katas.py").run()
    at.selectbox(key="k_selected").set_value(KATA).run()
    first_line = load_katas().by_id()[KATA].prompt.strip().splitlines()[0]
    assert any(first_line[:30] in m.value for m in at.markdown)  # readable before the clock
    assert not at.get("component_instance")                    # no editor, no clock yet
    at.button(key=f"k_{KATA}_start").click().run()
    prompt_i, weights = _column_holding(at, _has_prompt)
    editor_i, weights2 = _column_holding(at, _has_editor)
    assert weights == weights2 == 2            # one row: prompt | editor (the clock bar is above it)
    assert (prompt_i, editor_i) == (0, 1)
    assert at.metric[0].label == "Time left"
    bar = list(at.main.children.values())[-2]  # the block just above the prompt | editor row
    assert bar.proto.flex_container.direction == 2 and bar.get("metric")  # horizontal, holds the clock
