"""Katas page: the table lists katas in learning-path order with status, best time and last attempt."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from coding_katas.loader import load_katas
from progress.attempts import record_attempt
from progress.kata_table import learning_order
from progress.store import Store
from question_bank.taxonomy import load_taxonomy

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


def _page():
    at = AppTest.from_file(MAIN, default_timeout=90)
    at.run()
    at.switch_page("views/katas.py").run()
    assert not at.exception
    return at


def test_table_order_status_best_time_and_row_mapping(mastery_home):
    order = [e.kata.id for e in learning_order(load_katas().katas, load_taxonomy().phase_of)]
    solved, tried = order[1], order[2]
    store = Store(mastery_home / "mastery.db")
    record_attempt(store, "kata", solved, "fail", duration_s=200)
    record_attempt(store, "kata", solved, "pass", duration_s=100)
    record_attempt(store, "kata", tried, "samples_fail", duration_s=30)
    at = _page()
    table = at.dataframe[0].value
    table_view = next(e for e in at.expander if e.label.startswith("Table view"))
    assert table_view.proto.expanded  # first visit: the table is open
    picker = at.selectbox(key="k_selected")
    assert [picker.format_func(i) for i in order] == list(picker.options)  # the picker follows the same order
    assert at.session_state["k_table_ids"] == order  # a clicked row maps to the kata in that position
    by_id = dict(zip(order, table.to_dict("records"), strict=True))  # one row per kata, in picker order
    assert (by_id[solved]["Status"], by_id[solved]["Best time (min)"], by_id[solved]["Attempts"]) == ("solved", 5.0, 2)
    no_time = by_id[tried]["Best time (min)"]
    assert by_id[tried]["Status"] == "attempted" and (no_time is None or no_time != no_time)  # None or NaN
    assert by_id[order[0]]["Status"] == "new"
    phases = [p for p in table["Phase"] if p == p]  # NaN (no phase) sorts last
    assert phases == sorted(phases)
    assert {"Difficulty", "Topic", "Runtime", "Last attempt"} <= set(table.columns)

