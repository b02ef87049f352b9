"""Undo the last rating, as Anki's Ctrl+Z: the card goes back to exactly what it was and the log entry goes.

`review_log.state_before` holds the card as it was before each review, so the prior state is known
without storing anything more. Lapses are derived (an Again on a card in Review added one) and the
suspended flag is never changed by a review. A card that had no row before the review (a new item)
loses its row again, so it counts as new once more. Both writes happen in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Rating, State

from progress.clock import from_db, to_db
from progress.store import Store


class CannotUndo(RuntimeError):
    """The card changed after that rating (reset, another review); undoing would overwrite that change."""


@dataclass(frozen=True)
class LoggedReview:
    log_id: int
    item_type: str
    item_id: str
    rating: int
    kind: str
    reviewed_at: datetime


def last_review(store: Store) -> LoggedReview | None:
    row = store.conn.execute("SELECT id, item_type, item_id, rating, kind, reviewed_at FROM review_log "
                             "ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    return LoggedReview(row[0], row[1], row[2], row[3], row[4], from_db(row[5]))


def undo_last(store: Store) -> LoggedReview | None:
    """Remove the newest log entry and restore its card; None when there is nothing to undo."""
    with store.transaction() as conn:
        row = conn.execute("SELECT id, item_type, item_id, rating, kind, reviewed_at, state_before FROM review_log "
                           "ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        log_id, item_type, item_id, rating, kind, reviewed_at, before_text = row
        undone = LoggedReview(log_id, item_type, item_id, rating, kind, from_db(reviewed_at))
        conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
        if kind == "cram":  # cram reviews never moved the card
            return undone
        current = conn.execute("SELECT card, lapses FROM review_state WHERE item_type = ? AND item_id = ?",
                               (item_type, item_id)).fetchone()
        if current is None or Card.from_dict(json.loads(current[0])).last_review != undone.reviewed_at:
            raise CannotUndo(f"{item_type} {item_id} changed after that rating; nothing was undone")
        before = Card.from_dict(json.loads(before_text))
        if before.last_review is None:
            # Never reviewed before this rating: the row was created by it (a suspended new item keeps its row).
            suspended = conn.execute("SELECT suspended FROM review_state WHERE item_type = ? AND item_id = ?",
                                     (item_type, item_id)).fetchone()[0]
            if not suspended:
                conn.execute("DELETE FROM review_state WHERE item_type = ? AND item_id = ?", (item_type, item_id))
                return undone
        lapses = current[1] - int(rating == Rating.Again and before.state == State.Review)
        conn.execute("UPDATE review_state SET card = ?, due = ?, lapses = ? WHERE item_type = ? AND item_id = ?",
                     (before_text, to_db(before.due), max(0, lapses), item_type, item_id))
    return undone
