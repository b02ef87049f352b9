"""The Mock interview page through AppTest: builder, round transitions, resume, time-outs, report."""

from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from progress import mock_interview as mock
from progress.clock import to_db, utc_now
from progress.store import Store

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


def _page(query=None):
    at = AppTest.from_file(MAIN, default_timeout=120)
    at.run()
    if query:
        at.query_params["mock"] = query
    at.switch_page("views/mock.py").run()
    assert not at.exception
    return at


def _type(at, text: str, n: int = 0) -> None:
    """Types into the n-th answer box of the current round (an editor component that reports while typing)."""
    import time as _time

    (row,) = [r for r in mock.sessions(_STORE[0]) if r["status"] == "running"]
    s = mock.load(_STORE[0], row["id"])
    key = f"mock_{s.id}_{s.current}_{s.round.items[n]}"
    at.session_state[key] = {"id": str(_time.time()), "type": "change", "lang": "markdown", "text": text,
                             "selected": "", "cursor": ""}
    at.run()


_STORE: list = []


@pytest.fixture(autouse=True)
def _store(mastery_home):
    _STORE[:] = [Store(mastery_home / "mastery.db")]


def _shown_answer(at, n: int = 0) -> str:
    import json

    return json.loads(at.get("component_instance")[n].proto.json_args)["code"]


def _finish(at):
    next(b for b in at.button if b.label == "Finish this round").click().run()
    assert not at.exception


def test_backend_mock_round_by_round_to_the_report(mastery_home):
    at = _page()
    at.number_input(key="mock_seed").set_value(11).run()
    at.button(key="mock_start").click().run()
    assert at.subheader[0].value == "Round 1 of 4: Backend concepts"
    _type(at, "Continuous batching and the KV cache bound concurrency; we stream tokens over SSE.")
    _finish(at)
    assert at.subheader[0].value == "Round 2 of 4: Coding"
    _finish(at)
    assert at.subheader[0].value == "Round 3 of 4: System design"
    _finish(at)
    assert at.subheader[0].value == "Round 4 of 4: Behavioral"
    at.checkbox[0].check().run()
    _finish(at)
    signal_box = [*at.success, *at.warning, *at.error]
    assert any("Signal:" in b.value for b in signal_box) and "Seed 11" in at.caption[0].value
    assert [row for row in at.table[0].value["Round"]] == ["Backend concepts", "Coding", "System design", "Behavioral"]
    (s,) = mock.sessions(Store(mastery_home / "mastery.db"))
    assert s["status"] == "finished" and s["report"]["seed"] == 11
    assert s["report"]["rounds"][0]["score"] > 0  # the typed answer was scored


def test_closing_the_page_and_coming_back_resumes_with_the_time_left(mastery_home):
    at = _page()
    at.button(key="mock_start").click().run()
    _type(at, "half an answer")
    session_id = at.query_params["mock"][0] if isinstance(at.query_params["mock"], list) else at.query_params["mock"]
    fresh = _page(query=session_id)  # a new browser session: only the URL survives
    assert fresh.subheader[0].value == "Round 1 of 4: Backend concepts"
    assert _shown_answer(fresh) == "half an answer"
    store = Store(mastery_home / "mastery.db")
    s = mock.load(store, session_id)
    left, _ = mock.time_left(s)
    assert 14 * 60 < left <= 15 * 60


def test_a_round_past_its_deadline_is_locked_and_the_next_begins(mastery_home):
    at = _page()
    at.button(key="mock_start").click().run()
    store = Store(mastery_home / "mastery.db")
    (row,) = mock.sessions(store)
    s = mock.load(store, row["id"])
    s.rounds[0].deadline = to_db(utc_now() - timedelta(seconds=1))  # the tab was closed past the deadline
    mock.save(store, s)
    back = _page(query=s.id)
    assert back.subheader[0].value == "Round 2 of 4: Coding"
    assert mock.load(store, s.id).rounds[0].timed_out


def test_custom_builder(mastery_home):
    at = _page()
    at.selectbox(key="mock_role").set_value("custom").run()
    at.multiselect(key="mock_types").set_value(["behavioral"]).run()
    at.button(key="mock_start").click().run()
    assert at.subheader[0].value == "Round 1 of 1: Behavioral"


def test_llm_interviewer_follows_up_after_the_design_round(mastery_home):
    import json

    from tests.support.fake_llm import FakeLLM

    with FakeLLM() as fake:
        fake.reply = {"content": json.dumps({"questions": ["How do you size the KV cache?", "What fails first?"]})}
        at = _page()
        at.session_state["llm_overrides"] = {"MASTERY_LLM_MODEL": "openai/fake", "MASTERY_LLM_API_BASE": fake.api_base}
        at.selectbox(key="mock_role").set_value("custom").run()
        at.multiselect(key="mock_types").set_value(["design", "behavioral"]).run()
        at.button(key="mock_start").click().run()
        _type(at, "We batch requests continuously and page the KV cache.")
        _finish(at)
        assert at.subheader[0].value == "Round 2 of 2: Behavioral"
        labels = [t.label for t in at.text_area]
        assert "How do you size the KV cache?" in labels
        next(t for t in at.text_area if t.label == "What fails first?").input("The prefill queue.").run()
    store = Store(mastery_home / "mastery.db")
    (row,) = mock.sessions(store)
    s = mock.load(store, row["id"])
    assert s.rounds[0].result["follow_ups"] == ["How do you size the KV cache?", "What fails first?"]
    assert s.rounds[0].answers["_follow_up_answers"]["1"] == "The prefill queue."


# -- issue 16 replays ---------------------------------------------------------------------------------------
def test_defect_04_text_typed_without_leaving_the_box_survives_the_clock(mastery_home):
    at = _page()
    at.button(key="mock_start").click().run()
    import json

    # AppTest runs no JavaScript: _type below hands the page a "change" report directly. A browser sends
    # one only if the box asks for reports while typing; a blur-only box would send nothing until focus left.
    modes = [json.loads(c.proto.json_args)["response_mode"] for c in at.get("component_instance")]
    assert modes and all("debounce" in m for m in modes), modes
    _type(at, "Typed, never left the box: continuous batching.")  # a debounced report, no blur
    store = Store(mastery_home / "mastery.db")
    (row,) = mock.sessions(store)
    s = mock.load(store, row["id"])
    s.rounds[0].deadline = to_db(utc_now() - timedelta(seconds=1))  # the round clock runs out
    mock.save(store, s)
    at.run()
    assert any("ran out of time" in w.value for w in at.warning)  # defect 21: the time-out is announced
    locked = mock.load(store, s.id).rounds[0]
    assert locked.timed_out and locked.answers[locked.items[0]] == "Typed, never left the box: continuous batching."


def test_defect_09_report_shows_answers_and_references(mastery_home):
    at = _page()
    at.radio(key="mock_mode").set_value("strict").run()
    at.selectbox(key="mock_role").set_value("custom").run()
    at.multiselect(key="mock_types").set_value(["concepts"]).run()
    at.button(key="mock_start").click().run()
    _type(at, "My own words about the topic.")
    _finish(at)
    assert any(s.value == "Your answers and the references" for s in at.subheader)
    texts = [m.value for m in at.markdown]
    assert "My own words about the topic." in texts and "**Reference**" in texts


def test_a_finish_click_whose_run_was_interrupted_still_finishes_the_round_with_the_latest_answer(mastery_home):
    """Seen in the browser: "Finish this round" clicked as the answer box reported its text. The report's rerun
    interrupted the click's run before it reached the button, and the round stayed open. The click's callback
    records the request (a run that starts has done that much); the next run, here the answer box's report,
    saves the text and carries the request out."""
    at = _page()
    at.number_input(key="mock_seed").set_value(11).run()
    at.button(key="mock_start").click().run()
    (row,) = mock.sessions(_STORE[0])
    # What the click's callback left behind when its run was cut short.
    at.session_state["mock_finish_request"] = (row["id"], 0)
    _type(at, "Continuous batching and the KV cache bound concurrency; we stream tokens over SSE.")
    assert at.subheader[0].value == "Round 2 of 4: Coding"
    s = mock.load(_STORE[0], row["id"])
    assert s.rounds[0].finished_at is not None and "stream tokens over SSE" in str(s.rounds[0].answers)
    at.session_state["mock_finish_request"] = (row["id"], 0)  # round 1 is over: this must not finish round 2
    at.run()
    assert at.subheader[0].value == "Round 2 of 4: Coding" and mock.load(_STORE[0], row["id"]).current == 1


def test_pause_and_resume_take_effect_even_when_the_clicks_run_was_interrupted(mastery_home):
    """Pause and Resume are recorded by callbacks, like Finish: a click whose run another rerun cut short (an
    answer box reporting its text) still takes effect in the next run, and only for its own round."""
    at = _page()
    at.number_input(key="mock_seed").set_value(11).run()
    at.radio(key="mock_mode").set_value("practice").run()
    at.button(key="mock_start").click().run()
    (row,) = mock.sessions(_STORE[0])

    def round_1():
        return mock.load(_STORE[0], row["id"]).rounds[0]

    at.button(key="mock_pause").click().run()
    assert round_1().deadline is None and "_paused_left_s" in round_1().answers
    assert [b.label for b in at.button if b.key == "mock_unpause"] == ["Resume the clock"]
    at.button(key="mock_unpause").click().run()
    assert round_1().deadline is not None and "_paused_left_s" not in round_1().answers
    # What the Pause click's callback left behind when its run was cut short; the answer box's report runs next.
    at.session_state["mock_clock_request"] = (row["id"], 0, "pause")
    _type(at, "Paged KV cache and continuous batching.")
    assert round_1().deadline is None and "Paged KV cache" in str(round_1().answers)
    at.session_state["mock_clock_request"] = (row["id"], 1, "resume")  # another round's request: nothing
    at.run()
    assert round_1().deadline is None and not at.exception
