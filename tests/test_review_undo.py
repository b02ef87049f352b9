"""Undo the last rating: the exact prior FSRS row comes back and the log entry goes, in one transaction."""

from datetime import UTC, datetime, timedelta

import pytest

from progress.review_undo import CannotUndo, last_review, undo_last
from progress.scheduling import Drills
from progress.store import Store

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _row(store, item="q1"):
    return store.conn.execute("SELECT card, due, lapses, suspended FROM review_state WHERE item_id = ?",
                              (item,)).fetchone()


def _log_ids(store):
    return [r[0] for r in store.conn.execute("SELECT id FROM review_log ORDER BY id")]


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "m.db")
    yield s
    s.close()


def test_undo_restores_the_exact_prior_state_and_removes_only_the_last_log(store):
    d = Drills(store, enable_fuzzing=False)
    d.review("question", "q1", 3, now=T0)
    d.review("question", "q1", 3, now=T0 + timedelta(days=3))
    before = _row(store)
    logs_before = _log_ids(store)
    d.review("question", "q1", 1, now=T0 + timedelta(days=20))  # a lapse: Again on a Review card
    assert _row(store)[2] == 1 and _row(store) != before
    undone = undo_last(store)
    assert (undone.item_id, undone.rating) == ("q1", 1)
    assert _row(store) == before  # card JSON, due text, lapses, suspended: byte for byte
    assert _log_ids(store) == logs_before


def test_undo_of_a_first_review_makes_the_item_new_again(store):
    d = Drills(store, enable_fuzzing=False)
    d.review("question", "q1", 3, now=T0)
    undo_last(store)
    assert _row(store) is None and _log_ids(store) == []
    assert [e.reason for e in d.queue([("question", "q1")], now=T0)] == ["new"]


def test_undo_of_a_cram_rating_only_removes_the_log(store):
    d = Drills(store, enable_fuzzing=False)
    d.review("question", "q1", 3, now=T0)
    before = _row(store)
    d.review("question", "q1", 1, kind="cram", now=T0 + timedelta(hours=1))
    assert last_review(store).kind == "cram"
    undo_last(store)
    assert _row(store) == before and len(_log_ids(store)) == 1


def test_undo_refuses_when_the_card_changed_since_and_keeps_the_log(store):
    d = Drills(store, enable_fuzzing=False)
    d.review("question", "q1", 3, now=T0)
    store.conn.execute("DELETE FROM review_state")  # e.g. reset from the card browser
    with pytest.raises(CannotUndo):
        undo_last(store)
    assert len(_log_ids(store)) == 1  # rolled back: nothing half-done


def test_nothing_to_undo(store):
    assert undo_last(store) is None and last_review(store) is None
