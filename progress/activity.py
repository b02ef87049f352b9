"""Persistence for practice activities: one JSON state per (kind, item), written on every change.

Each activity (kata attempt, design attempt, drill session) is a small dataclass state machine; its
module loads it, applies one user action and saves it here in one call, so nothing lives only in the
browser session and a reload or a switch between items resumes exactly where the user was.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import TypeVar

from progress.clock import to_db, utc_now
from progress.store import Store

T = TypeVar("T")


def load_state(store: Store, kind: str, item_id: str) -> dict | None:
    row = store.conn.execute("SELECT state FROM activity_state WHERE kind = ? AND item_id = ?",
                             (kind, item_id)).fetchone()
    return json.loads(row[0]) if row else None


def save_state(store: Store, kind: str, item_id: str, state: dict) -> None:
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO activity_state (kind, item_id, state, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kind, item_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            (kind, item_id, json.dumps(state, sort_keys=True), to_db(utc_now())))


def delete_state(store: Store, kind: str, item_id: str) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM activity_state WHERE kind = ? AND item_id = ?", (kind, item_id))


def from_dict(cls: type[T], data: dict) -> T:
    """Build a dataclass from stored JSON, ignoring keys an older or newer version wrote."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


def to_dict(obj) -> dict:
    return asdict(obj)
