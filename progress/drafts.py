"""Autosaved drafts: the latest unsent text of a free-form answer, one per item."""

from __future__ import annotations

from progress.clock import to_db, utc_now
from progress.store import Store


def save_draft(store: Store, item_type: str, item_id: str, text: str) -> None:
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO drafts (item_type, item_id, text, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (item_type, item_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
            (item_type, item_id, text, to_db(utc_now())),
        )


def load_draft(store: Store, item_type: str, item_id: str) -> str | None:
    row = store.conn.execute("SELECT text FROM drafts WHERE item_type = ? AND item_id = ?",
                             (item_type, item_id)).fetchone()
    return row[0] if row else None


def clear_draft(store: Store, item_type: str, item_id: str) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM drafts WHERE item_type = ? AND item_id = ?", (item_type, item_id))
