"""Browse cards page: search every item with its FSRS state; suspend, bury, reset act on the store."""

from datetime import timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from app.catalog import load_catalog
from progress.clock import utc_now
from progress.scheduling import Drills
from progress.store import Store

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


def _page():
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    at.switch_page("views/cards.py").run()
    assert not at.exception
    return at


def test_lists_every_item_and_shows_the_fsrs_state(mastery_home):
    catalog = load_catalog()
    q = catalog.bank.questions[0]
    store = Store(mastery_home / "mastery.db")
    Drills(store).review("question", q.id, 3, now=utc_now() - timedelta(days=1))
    card = Drills(store).card("question", q.id)
    at = _page()
    total = len(catalog.bank.questions) + len(catalog.katas.katas) + len(catalog.cases.cases)
    assert at.caption[0].value == f"{total} of {total} items"
    at.multiselect(key="cb_states").set_value(["learning", "review"]).run()
    table = at.dataframe[0].value
    assert len(table) == 1 and table.iloc[0]["Type"] == "question"
    assert round(card.stability, 2) == table.iloc[0]["Stability (d)"]
    assert round(card.difficulty, 2) == table.iloc[0]["Difficulty"] and table.iloc[0]["Reviews"] == 1


def test_search_then_suspend_bury_unbury_and_reset(mastery_home):
    store = Store(mastery_home / "mastery.db")
    at = _page()
    at.text_input(key="cb_query").input("softmax").run()
    at.multiselect(key="cb_kinds").set_value(["kata"]).run()
    keys = at.session_state["cb_keys"]
    assert keys and all(t == "kata" for t, _ in keys)
    kata_id = keys[0][1]
    at.session_state["cb_selected"] = keys[0]  # what a click on the first row stores
    at.run()
    assert any(link.proto.page.endswith("katas.py") or "kata" in link.label.lower() for link in at.get("page_link"))
    at.button(key="cb_suspend").click().run()
    assert store.conn.execute("SELECT suspended FROM review_state WHERE item_id = ?", (kata_id,)).fetchone() == (1,)
    assert at.dataframe[0].value.iloc[0]["Status"] == "suspended"
    at.button(key="cb_unsuspend").click().run()
    assert store.conn.execute("SELECT COUNT(*) FROM review_state").fetchone() == (0,)  # never reviewed: new again
    at.button(key="cb_bury").click().run()
    assert store.conn.execute("SELECT suspended FROM review_state WHERE item_id = ?", (kata_id,)).fetchone() == (2,)
    assert at.dataframe[0].value.iloc[0]["Status"] == "buried"
    Drills(store).review("kata", kata_id, 3)
    at.button(key="cb_unsuspend").click().run()
    at.button(key="cb_reset").click().run()
    assert store.conn.execute("SELECT COUNT(*) FROM review_state").fetchone() == (0,)
    assert at.dataframe[0].value.iloc[0]["State"] == "new"
