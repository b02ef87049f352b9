"""Spaced-repetition scheduling of every item type with FSRS (the `fsrs` package, 6.3.2).

Each item (question, kata, case) has one FSRS card in `review_state` and an append-only `review_log`
(rating, UTC time, duration, the card before the review, and the kind: scheduled / cram / manual).
Cram reviews are logged but never change a schedule. fsrs insists on datetimes whose tzinfo is
exactly timezone.utc, so every time here goes through progress.clock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from fsrs import Card, Rating, Scheduler, State

from progress.clock import from_db, to_db, utc_now
from progress.store import Store

ReviewKind = Literal["scheduled", "cram", "manual"]
ItemKey = tuple[str, str]  # (item_type, item_id)
LEECH_LAPSES = 6
DEFAULT_RETENTION = 0.9
DEFAULT_NEW_PER_DAY = 10


def card_id_for(item_type: str, item_id: str) -> int:
    """A stable card id from the item's stable slug (fsrs' default is the creation time in ms)."""
    return int.from_bytes(hashlib.sha256(f"{item_type}:{item_id}".encode()).digest()[:6], "big")


@dataclass(frozen=True)
class QueueEntry:
    item_type: str
    item_id: str
    reason: Literal["due", "new", "before-interview"]
    due: datetime | None
    retrievability: float | None


class Drills:
    def __init__(self, store: Store, desired_retention: float | None = None, enable_fuzzing: bool = True):
        self.store = store
        retention = desired_retention if desired_retention is not None else self.setting("desired_retention",
                                                                                          DEFAULT_RETENTION)
        parameters = self.setting("fsrs_parameters")  # the user's own, once fitted and accepted
        kwargs: dict[str, Any] = {"parameters": tuple(parameters)} if parameters else {}
        self.scheduler = Scheduler(desired_retention=float(retention), enable_fuzzing=enable_fuzzing, **kwargs)

    # -- settings (plain JSON values; never secrets) -------------------------------------------------
    def setting(self, key: str, default=None):
        row = self.store.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value) -> None:
        with self.store.transaction() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                         "value = excluded.value", (key, json.dumps(value)))

    # -- cards -------------------------------------------------------------------------------------
    def card(self, item_type: str, item_id: str) -> Card | None:
        row = self.store.conn.execute("SELECT card FROM review_state WHERE item_type = ? AND item_id = ?",
                                      (item_type, item_id)).fetchone()
        return Card.from_dict(json.loads(row[0])) if row else None

    def state_row(self, item_type: str, item_id: str) -> dict | None:
        row = self.store.conn.execute(
            "SELECT card, due, lapses, suspended FROM review_state WHERE item_type = ? AND item_id = ?",
            (item_type, item_id)).fetchone()
        if row is None:
            return None
        return {"card": Card.from_dict(json.loads(row[0])), "due": from_db(row[1]), "lapses": row[2],
                "suspended": bool(row[3])}

    def review(self, item_type: str, item_id: str, rating: int, *, kind: ReviewKind = "scheduled",
               duration_s: float | None = None, now: datetime | None = None) -> Card:
        """Record a review. Scheduled and manual reviews move the card; cram reviews only log."""
        now = (now or utc_now()).astimezone(UTC)
        rating_enum = Rating(int(rating))
        existing = self.state_row(item_type, item_id)
        card = existing["card"] if existing else Card(card_id=card_id_for(item_type, item_id), due=now)
        before = json.dumps(card.to_dict())
        with self.store.transaction() as conn:
            elapsed = (now - card.last_review).total_seconds() / 86400 if card.last_review else None
            conn.execute(
                "INSERT INTO review_log (item_type, item_id, rating, reviewed_at, duration_s, state_before, kind, "
                "stability_before, elapsed_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (item_type, item_id, rating_enum.value, to_db(now), duration_s, before, kind, card.stability, elapsed))
            if kind == "cram":
                return card
            duration_ms = int(duration_s * 1000) if duration_s is not None else None
            new_card, _ = self.scheduler.review_card(card, rating_enum, review_datetime=now,
                                                     review_duration=duration_ms)
            # A lapse is forgetting something already learned (Again on a card in review).
            lapses = (existing["lapses"] if existing else 0) + int(
                rating_enum == Rating.Again and card.state == State.Review)
            conn.execute(
                "INSERT INTO review_state (item_type, item_id, card, due, lapses, suspended) VALUES (?, ?, ?, ?, ?, 0) "
                "ON CONFLICT (item_type, item_id) DO UPDATE SET card = excluded.card, due = excluded.due, "
                "lapses = excluded.lapses",
                (item_type, item_id, json.dumps(new_card.to_dict()), to_db(new_card.due), lapses))
        return new_card

    def retrievability(self, card: Card, at: datetime | None = None) -> float:
        return float(self.scheduler.get_card_retrievability(card, (at or utc_now()).astimezone(UTC)))

    def suspend(self, item_type: str, item_id: str, suspended: bool = True) -> None:
        with self.store.transaction() as conn:
            conn.execute("UPDATE review_state SET suspended = ? WHERE item_type = ? AND item_id = ?",
                         (int(suspended), item_type, item_id))

    def leeches(self, threshold: int = LEECH_LAPSES) -> list[tuple[str, str, int, bool]]:
        rows = self.store.conn.execute(
            "SELECT item_type, item_id, lapses, suspended FROM review_state WHERE lapses >= ? ORDER BY lapses DESC",
            (threshold,)).fetchall()
        return [(t, i, n, bool(s)) for t, i, n, s in rows]

    def new_reviews_today(self, now: datetime | None = None) -> int:
        """First-ever reviews (not cram) since the start of today, UTC: they use up the new-item limit."""
        now = now or utc_now()
        start = to_db(now.replace(hour=0, minute=0, second=0, microsecond=0))
        return self.store.conn.execute(
            "SELECT COUNT(*) FROM review_log WHERE reviewed_at >= ? AND kind != 'cram' AND elapsed_days IS NULL",
            (start,)).fetchone()[0]

    # -- the daily queue ------------------------------------------------------------------------------
    def queue(self, candidates: Iterable[ItemKey], now: datetime | None = None, new_limit: int | None = None,
              interview_date: datetime | None = None, target: float | None = None,
              topic_of: dict[ItemKey, str] | None = None) -> list[QueueEntry]:
        """Due reviews first (most overdue first), then items whose predicted recall on the interview
        date falls below the target, then new items up to today's remaining new limit, interleaved by
        topic when `topic_of` is given (ten new items from one topic teach less than ten from several)."""
        now = (now or utc_now()).astimezone(UTC)
        target = target if target is not None else self.scheduler.desired_retention
        new_limit = new_limit if new_limit is not None else int(self.setting("new_per_day", DEFAULT_NEW_PER_DAY))
        # Due times are compared as ISO text (all UTC, one format); a card is parsed only when the
        # interview-date check needs it.
        now_text = to_db(now)
        states = {(t, i): (c, d, s) for t, i, c, d, s in self.store.conn.execute(
            "SELECT item_type, item_id, card, due, suspended FROM review_state")}
        due, ahead, new = [], [], []
        for key in dict.fromkeys(candidates):
            state = states.get(key)
            if state is None:
                new.append(QueueEntry(key[0], key[1], "new", None, None))
                continue
            card_text, due_text, suspended = state
            if suspended:
                continue
            if due_text <= now_text:
                due.append((due_text, key))
            elif interview_date is not None and due_text > to_db(interview_date):
                r = self.retrievability(Card.from_dict(json.loads(card_text)), interview_date)
                if r < target:
                    ahead.append((r, key, from_db(due_text)))
        new_today = self.new_reviews_today(now)
        out = [QueueEntry(t, i, "due", from_db(d), None) for d, (t, i) in sorted(due)]
        out += [QueueEntry(t, i, "before-interview", d, r) for r, (t, i), d in sorted(ahead)]
        if topic_of:
            # Topics already introduced today go last, so the next new item comes from another topic.
            start = to_db(now.replace(hour=0, minute=0, second=0, microsecond=0))
            introduced: dict[str, int] = {}
            for t, i in self.store.conn.execute(
                    "SELECT item_type, item_id FROM review_log WHERE reviewed_at >= ? AND kind != 'cram' "
                    "AND elapsed_days IS NULL", (start,)):
                topic = topic_of.get((t, i), "")
                introduced[topic] = introduced.get(topic, 0) + 1
            new = interleave(new, lambda e: topic_of.get((e.item_type, e.item_id), ""), introduced)
        out += new[: max(0, new_limit - new_today)]
        return out

    def next_due(self, candidates: Iterable[ItemKey], now: datetime | None = None) -> datetime | None:
        """The earliest due time after `now` among the given items (not suspended), or None."""
        now_text = to_db((now or utc_now()).astimezone(UTC))
        wanted = set(candidates)
        dues = [d for t, i, d in self.store.conn.execute(
            "SELECT item_type, item_id, due FROM review_state WHERE suspended = 0 AND due > ?", (now_text,))
            if (t, i) in wanted]
        return from_db(min(dues)) if dues else None

    def retrievabilities(self, items: Iterable[ItemKey], at: datetime | None = None) -> dict[ItemKey, float]:
        """Predicted recall at `at` of every given item that has been reviewed, from one query."""
        wanted = set(items)
        at = at or utc_now()
        out = {}
        for t, i, card_text in self.store.conn.execute("SELECT item_type, item_id, card FROM review_state"):
            if (t, i) in wanted:
                card = Card.from_dict(json.loads(card_text))
                if card.last_review is not None:
                    out[(t, i)] = self.retrievability(card, at)
        return out

    def readiness(self, items: Iterable[ItemKey], on: datetime) -> float | None:
        """Mean predicted recall on a date over the given items that have been reviewed (None if none)."""
        values = list(self.retrievabilities(items, on).values())
        return sum(values) / len(values) if values else None


def interleave(items: list, key, used: dict[str, int] | None = None) -> list:
    """Round-robin over groups, keeping the order within each group; groups start in order of first
    appearance, those with fewer `used` items (e.g. introduced today) first."""
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    used = used or {}
    order = sorted(groups, key=lambda g: used.get(g, 0))  # stable: ties keep first appearance
    out, queues = [], [groups[g] for g in order]
    while queues:
        out += [q.pop(0) for q in queues]
        queues = [q for q in queues if q]
    return out


# Every rating and result anywhere feeds the same queue, as Anki has one: a question rated on the
# Question bank page, a graded kata or a scored design answer is a review of that item.
SELF_RATING_TO_FSRS = {"knew": 3, "partly": 2, "not": 1}


def review_elsewhere(store: Store, item_type: str, item_id: str, rating: int, duration_s: float | None = None,
                     now: datetime | None = None) -> Card:
    # duration_s is accepted for symmetry but not logged: the attempt already holds that time, and the
    # dashboard sums attempts and the review log, so logging it twice would double the time spent.
    del duration_s
    return Drills(store).review(item_type, item_id, rating, kind="scheduled", now=now)


def interview_datetime(day: str | None) -> datetime | None:
    """'YYYY-MM-DD' -> 09:00 UTC that day (a typical interview morning), or None."""
    if not day:
        return None
    return datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)


def days_left(day: str | None, now: datetime | None = None) -> int | None:
    at = interview_datetime(day)
    if at is None:
        return None
    return max(0, (at.date() - (now or utc_now()).date()).days)


__all__ = ["Drills", "QueueEntry", "card_id_for", "interview_datetime", "days_left", "interleave", "review_elsewhere",
           "SELF_RATING_TO_FSRS"]
