"""Drills page: "Undo last rating" puts the exact prior FSRS row back and removes the log entry."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from progress.store import Store

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


def _drills():
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    at.switch_page("views/drills.py").run()
    assert not at.exception
    return at


def _state(store):
    return store.conn.execute("SELECT item_type, item_id, card, due, lapses, suspended FROM review_state "
                              "ORDER BY item_id").fetchall()


def test_undo_after_two_ratings_restores_the_first_state_and_shows_the_item_again(mastery_home):
    at = _drills()
    at.multiselect(key="dr_daily_kinds").set_value(["question"]).run()
    assert not any(b.key == "dr_undo" for b in at.button)  # nothing rated yet
    at.button(key="dr_rate_3").click().run()
    store = Store(mastery_home / "mastery.db")
    after_first = _state(store)
    second_item = at.text_area[0].key[len("dr_typed_"):]
    at.button(key="dr_rate_1").click().run()
    assert len(_state(store)) == 2
    assert at.button(key="dr_undo").label == f"Undo last rating (Again on {second_item})"
    at.button(key="dr_undo").click().run()
    assert not at.exception
    assert _state(store) == after_first
    assert store.conn.execute("SELECT COUNT(*), MIN(rating) FROM review_log").fetchone() == (1, 3)
    assert at.text_area[0].key == f"dr_typed_{second_item}"  # the undone item is on screen again
    assert any("Undid Again" in i.value for i in at.info)


def test_undo_in_cram_brings_the_item_back_in_the_round(mastery_home):
    at = _drills()
    at.radio(key="dr_mode").set_value("Cram a topic").run()
    at.multiselect(key="dr_cram_kinds").set_value(["question"]).run()
    first = at.text_area[0].key
    at.button(key="dr_rate_2").click().run()
    assert at.text_area[0].key != first
    at.button(key="dr_undo").click().run()
    assert at.text_area[0].key == first
    store = Store(mastery_home / "mastery.db")
    assert store.conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 0
