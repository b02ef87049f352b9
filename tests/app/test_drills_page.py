"""The Drills page through AppTest: rate with the four buttons, see items rescheduled, the log in the DB."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from progress.scheduling import Drills
from progress.store import Store

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


def _page():
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    at.switch_page("views/drills.py").run()
    assert not at.exception
    return at


def test_rating_with_each_button_reschedules_and_logs(mastery_home):
    at = _page()
    at.multiselect(key="dr_kinds").set_value(["question"]).run()
    assert {m.label: m.value for m in at.metric}["New today"] == "10"
    for rating in (1, 2, 3, 4):
        at.button(key=f"dr_rate_{rating}").click().run()
        assert not at.exception
    store = Store(mastery_home / "mastery.db")
    rows = store.conn.execute("SELECT rating, kind FROM review_log ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [1, 2, 3, 4] and {r[1] for r in rows} == {"scheduled"}
    drills = Drills(store, enable_fuzzing=False)
    states = store.conn.execute("SELECT item_id, due FROM review_state").fetchall()
    assert len(states) == 4  # four different items, each now scheduled
    assert {m.label: m.value for m in at.metric}["New today"] == "6"
    easy_item = store.conn.execute("SELECT item_id FROM review_log WHERE rating = 4").fetchone()[0]
    again_item = store.conn.execute("SELECT item_id FROM review_log WHERE rating = 1").fetchone()[0]
    assert drills.card("question", easy_item).due > drills.card("question", again_item).due


def test_cram_does_not_change_the_schedule(mastery_home):
    at = _page()
    at.radio(key="dr_mode").set_value("Cram a topic").run()
    at.multiselect(key="dr_kinds").set_value(["question"]).run()
    at.button(key="dr_rate_1").click().run()
    store = Store(mastery_home / "mastery.db")
    assert store.conn.execute("SELECT kind FROM review_log").fetchall() == [("cram",)]
    assert store.conn.execute("SELECT COUNT(*) FROM review_state").fetchone()[0] == 0


def test_typed_answer_suggests_a_rating(mastery_home):
    at = _page()
    at.multiselect(key="dr_kinds").set_value(["question"]).run()
    qid = at.text_area[0].key[len("dr_typed_"):]
    from app.catalog import load_catalog

    q = load_catalog().bank.by_id()[qid]
    at.text_area(key=f"dr_typed_{qid}").input(q.answer).run()
    assert at.button(key="dr_rate_4").proto.type == "primary"
