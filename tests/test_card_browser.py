"""Card browser: FSRS state per item, search, suspend / bury until tomorrow / reset, as the queue sees them."""

from datetime import UTC, datetime, timedelta

import pytest

from app.catalog import load_catalog
from progress import card_browser as cb
from progress.scheduling import Drills
from progress.store import Store

T0 = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
Q = ("question", "q1")
NEW = ("question", "q2")
ITEMS = [cb.Item("question", "q1", "What is a KV cache?", "LLM serving"),
         cb.Item("question", "q2", "Explain dropout", "Regularisation"),
         cb.Item("kata", "softmax", "Stable softmax", "Numerics", "numpy")]


@pytest.fixture
def env(tmp_path):
    store = Store(tmp_path / "m.db")
    d = Drills(store, enable_fuzzing=False)
    d.review(*Q, 3, now=T0 - timedelta(days=10))
    d.review(*Q, 1, now=T0 - timedelta(days=2))
    yield store, d
    store.close()


def _queue(d, now):
    return [(e.item_type, e.item_id, e.reason) for e in d.queue([Q, NEW], now=now)]


def test_rows_show_the_cards_fsrs_state(env):
    store, d = env
    rows = {r.item.item_id: r for r in cb.rows(store, ITEMS, now=T0)}
    card = d.card(*Q)
    assert (rows["q1"].due, rows["q1"].stability, rows["q1"].difficulty) == (card.due, card.stability, card.difficulty)
    assert rows["q1"].state in ("learning", "relearning", "review") and rows["q1"].reviews == 2
    assert rows["q1"].lapses == d.state_row(*Q)["lapses"]
    assert (rows["q2"].state, rows["q2"].due, rows["q2"].reviews, rows["q2"].status) == ("new", None, 0, "active")


def test_search_matches_all_words_in_title_topic_id_and_tags():
    assert [i.item_id for i in cb.search(ITEMS, "kv CACHE")] == ["q1"]
    assert [i.item_id for i in cb.search(ITEMS, "numpy")] == ["softmax"]
    assert [i.item_id for i in cb.search(ITEMS, "", {"kata"})] == ["softmax"]


def test_suspend_and_unsuspend(env):
    store, d = env
    assert ("question", "q1", "due") in _queue(d, T0)
    cb.suspend(store, *Q)
    assert ("question", "q1", "due") not in _queue(d, T0)
    cb.suspend(store, *Q, suspended=False)
    assert ("question", "q1", "due") in _queue(d, T0)


def test_a_suspended_new_item_is_new_again_once_unsuspended(env):
    store, d = env
    cb.suspend(store, *NEW, now=T0)
    assert ("question", "q2", "new") not in _queue(d, T0)
    assert cb.rows(store, [ITEMS[1]], now=T0)[0].status == "suspended"
    cb.suspend(store, *NEW, suspended=False)
    assert ("question", "q2", "new") in _queue(d, T0)


def test_bury_until_the_next_local_day(env):
    store, d = env
    until = cb.bury(store, *Q, now=T0, tz=UTC)
    assert until == datetime(2026, 12, 8, tzinfo=UTC)
    assert cb.release_buried(store, T0 + timedelta(hours=8)) == 0   # 23:00 the same day: still buried
    assert ("question", "q1", "due") not in _queue(d, T0 + timedelta(hours=8))
    assert cb.rows(store, ITEMS[:1], now=T0)[0].status == "buried"
    assert cb.release_buried(store, until + timedelta(minutes=1)) == 1
    assert ("question", "q1", "due") in _queue(d, until + timedelta(minutes=1))
    assert d.state_row(*Q)["card"].due == d.card(*Q).due  # the schedule itself was never touched


def test_reset_makes_the_item_new_and_keeps_the_log(env):
    store, d = env
    cb.reset(store, *Q)
    assert d.card(*Q) is None and ("question", "q1", "new") in _queue(d, T0)
    assert store.conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 2


def test_every_catalogue_item_is_listed_once():
    catalog = load_catalog()
    items = cb.catalogue_items(catalog)
    assert len(items) == len(catalog.bank.questions) + len(catalog.katas.katas) + len(catalog.cases.cases)
    assert len({(i.item_type, i.item_id) for i in items}) == len(items)
