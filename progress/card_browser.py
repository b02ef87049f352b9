"""The card browser (Anki's Browse): every item with its FSRS state, and suspend / bury / reset.

States in review_state.suspended: 0 active, 1 suspended, 2 buried. The queue skips any non-zero value,
so burying needs no change there; the time a burial ends is kept in settings["buried_until"] and
`release_buried` (called by the pages that draw the queue) makes buried cards active again once it has
passed. Suspending or burying an item never reviewed creates its row with a fresh card; making it active
again removes that row, so it counts as new again rather than as due. Reset forgets the schedule (the
row goes, the item is new); the review log stays as history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from fsrs import Card, State

from progress.clock import from_db, to_db, utc_now
from progress.scheduling import card_id_for
from progress.store import Store

ACTIVE, SUSPENDED, BURIED = 0, 1, 2
BURIED_KEY = "buried_until"


@dataclass(frozen=True)
class Item:
    item_type: str
    item_id: str
    title: str
    topic: str
    text: str = ""  # extra searchable text (tags, prompt start)


@dataclass(frozen=True)
class CardRow:
    item: Item
    state: str                   # new / learning / review / relearning
    status: str                  # active / suspended / buried
    due: datetime | None
    stability: float | None      # days
    difficulty: float | None     # 1..10
    lapses: int
    reviews: int


def catalogue_items(catalog, topic_names: dict[str, str] | None = None) -> list[Item]:
    names = topic_names or {}
    out = [Item("question", q.id, q.prompt, names.get(q.topic, q.topic), " ".join(q.tags))
           for q in catalog.bank.questions]
    out += [Item("kata", e.kata.id, e.kata.title, names.get(e.kata.topic, e.kata.topic), " ".join(e.kata.tags))
            for e in catalog.katas.katas]
    out += [Item("case", c.id, c.title, ", ".join(names.get(t, t) for t in c.topics), c.company_style)
            for c in catalog.cases.cases]
    return out


def search(items: list[Item], query: str, kinds: set[str] | None = None) -> list[Item]:
    words = query.lower().split()
    return [i for i in items if (not kinds or i.item_type in kinds)
            and all(w in f"{i.item_id} {i.title} {i.topic} {i.text}".lower() for w in words)]


def rows(store: Store, items: list[Item], now: datetime | None = None) -> list[CardRow]:
    release_buried(store, now)
    states = {(t, i): (c, d, lapses, s) for t, i, c, d, lapses, s in store.conn.execute(
        "SELECT item_type, item_id, card, due, lapses, suspended FROM review_state")}
    counts = dict(((t, i), n) for t, i, n in store.conn.execute(
        "SELECT item_type, item_id, COUNT(*) FROM review_log WHERE kind != 'cram' GROUP BY item_type, item_id"))
    out = []
    for item in items:
        key = (item.item_type, item.item_id)
        status_code = ACTIVE
        state = "new"
        due = stability = difficulty = None
        lapses = 0
        if key in states:
            card_text, due_text, lapses, status_code = states[key]
            card = Card.from_dict(json.loads(card_text))
            if card.last_review is not None:
                state, due = State(card.state).name.lower(), from_db(due_text)
                stability, difficulty = card.stability, card.difficulty
        status = {ACTIVE: "active", SUSPENDED: "suspended", BURIED: "buried"}.get(status_code, "suspended")
        out.append(CardRow(item, state, status, due, stability, difficulty, lapses, counts.get(key, 0)))
    return out


# -- actions -------------------------------------------------------------------------------------------
def _set_status(conn, item_type: str, item_id: str, status: int, now: datetime) -> None:
    row = conn.execute("SELECT card FROM review_state WHERE item_type = ? AND item_id = ?",
                       (item_type, item_id)).fetchone()
    if row is None:
        if status == ACTIVE:
            return
        card = Card(card_id=card_id_for(item_type, item_id), due=now)
        conn.execute("INSERT INTO review_state (item_type, item_id, card, due, lapses, suspended) "
                     "VALUES (?, ?, ?, ?, 0, ?)", (item_type, item_id, json.dumps(card.to_dict()), to_db(now), status))
        return
    if status == ACTIVE and Card.from_dict(json.loads(row[0])).last_review is None:
        conn.execute("DELETE FROM review_state WHERE item_type = ? AND item_id = ?", (item_type, item_id))
        return
    conn.execute("UPDATE review_state SET suspended = ? WHERE item_type = ? AND item_id = ?",
                 (status, item_type, item_id))


def _buried(conn) -> dict[str, str]:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (BURIED_KEY,)).fetchone()
    return json.loads(row[0]) if row else {}


def _save_buried(conn, buried: dict[str, str]) -> None:
    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 (BURIED_KEY, json.dumps(buried, sort_keys=True)))


def suspend(store: Store, item_type: str, item_id: str, suspended: bool = True, now: datetime | None = None) -> None:
    now = now or utc_now()
    with store.transaction() as conn:
        _set_status(conn, item_type, item_id, SUSPENDED if suspended else ACTIVE, now)
        buried = _buried(conn)
        if buried.pop(f"{item_type}:{item_id}", None) is not None:
            _save_buried(conn, buried)


def next_day_start(now: datetime, tz: tzinfo | None = None) -> datetime:
    """The start of tomorrow in the user's time zone (machine's zone when tz is None)."""
    local = now.astimezone(tz)
    return (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def bury(store: Store, item_type: str, item_id: str, now: datetime | None = None, tz: tzinfo | None = None) -> datetime:
    """Hide the item from the queue until tomorrow; returns when it comes back."""
    now = now or utc_now()
    until = next_day_start(now, tz)
    with store.transaction() as conn:
        _set_status(conn, item_type, item_id, BURIED, now)
        buried = _buried(conn)
        buried[f"{item_type}:{item_id}"] = to_db(until)
        _save_buried(conn, buried)
    return until


def release_buried(store: Store, now: datetime | None = None) -> int:
    """Make cards whose burial has ended active again; returns how many."""
    now = now or utc_now()
    buried = _buried(store.conn)
    due = [k for k, until in buried.items() if from_db(until) <= now]
    if not due:
        return 0
    with store.transaction() as conn:
        buried = _buried(conn)
        for key in due:
            item_type, item_id = key.split(":", 1)
            if conn.execute("SELECT suspended FROM review_state WHERE item_type = ? AND item_id = ?",
                            (item_type, item_id)).fetchone() == (BURIED,):
                _set_status(conn, item_type, item_id, ACTIVE, now)
            buried.pop(key, None)
        _save_buried(conn, buried)
    return len(due)


def reset(store: Store, item_type: str, item_id: str) -> None:
    """Forget the schedule: the item is new again (its review log is kept)."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM review_state WHERE item_type = ? AND item_id = ?", (item_type, item_id))
        buried = _buried(conn)
        if buried.pop(f"{item_type}:{item_id}", None) is not None:
            _save_buried(conn, buried)
