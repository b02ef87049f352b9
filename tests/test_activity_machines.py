"""The design-attempt and drill-session state machines without Streamlit."""

import pytest

from progress import design_attempt as da
from progress import drill_session as ds
from progress.scheduling import Drills, interleave
from progress.store import Store


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "m.db")


def test_design_attempt_keeps_draft_clock_and_questions_across_loads(store):
    da.start(store, "case-a", 600, now=1000.0)
    da.ask(store, "case-a", 2)
    da.ask(store, "case-a", 2)  # asking twice counts once
    da.edit(store, "case-a", "draft text")
    a = da.load(store, "case-a")
    assert (a.status, a.deadline, a.asked, a.draft) == ("running", 1600.0, [2], "draft text")
    assert not a.rubric_visible()  # timed and open: key points hidden
    assert da.tick(store, "case-a", now=1601.0).over_time
    assert da.load(store, "case-a").rubric_visible()


def test_design_submit_records_the_attempt_and_feeds_the_schedule(store):
    da.start(store, "case-b", None, now=0.0)
    a = da.submit(store, "case-b", "answer", {"c": 3}, {"c": []}, 55.0, now=60.0)
    assert a.status == "submitted" and a.submitted["score"] == 55.0
    assert Drills(store).card("case", "case-b") is not None  # 55 -> Hard, a scheduled review
    assert da.edit(store, "case-b", "changed after submit").draft == "answer"  # a submitted answer is final
    assert da.again(store, "case-b").status == "new"


def test_cram_session_moves_on_and_wraps_around(store):
    s = ds.load(store, "cram")
    items = [("question", "a"), ("question", "b")]
    assert s.next_items(items)[0] == ("question", "a")
    s.rate(("question", "a"), "Again recorded for a.")
    assert s.next_items(items)[0] == ("question", "b")
    s.rate(("question", "b"), "Good recorded for b.")
    assert s.next_items(items) == items  # every item rated once: the next round starts
    ds.save(store, s)
    assert ds.load(store, "cram").pop_message() == "Good recorded for b."


def test_filters_belong_to_their_mode(store):
    cram = ds.load(store, "cram")
    cram.set_filters(areas=["mlops"])
    ds.save(store, cram)
    assert ds.load(store, "daily").active_filters() == {}
    assert ds.load(store, "cram").active_filters() == {"areas": ["mlops"]}


def test_interleave_round_robin_and_used_topics_last():
    items = ["a1", "a2", "a3", "b1", "c1"]
    assert interleave(items, lambda x: x[0]) == ["a1", "b1", "c1", "a2", "a3"]
    assert interleave(items, lambda x: x[0], {"a": 1}) == ["b1", "c1", "a1", "a2", "a3"]
