"""Attempts at any item (question, kata, design case): what the user did, when, and how it went."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from progress.clock import from_db, to_db, utc_now
from progress.store import Store

ItemType = Literal["question", "kata", "case"]
SELF_RATINGS = ("knew", "partly", "not")


@dataclass(frozen=True)
class Attempt:
    id: int
    item_type: ItemType
    item_id: str
    created_at: datetime
    duration_s: float | None
    result: str
    score: float | None
    details: dict[str, Any]


def record_attempt(
    store: Store,
    item_type: ItemType,
    item_id: str,
    result: str,
    *,
    duration_s: float | None = None,
    score: float | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> int:
    row = {
        "item_type": item_type,
        "item_id": item_id,
        "created_at": to_db(at or utc_now()),
        "duration_s": duration_s,
        "result": result,
        "score": score,
        "details": json.dumps(details or {}, sort_keys=True),
    }
    with store.transaction():
        pk = store.db.table("attempts").insert(row).last_pk
    if pk is None:  # sqlite-utils sets it on every single-row insert; None would be a lost attempt id
        raise RuntimeError("the attempt was stored without an id")
    return pk


def _attempt(row: dict) -> Attempt:
    return Attempt(
        id=row["id"],
        item_type=row["item_type"],
        item_id=row["item_id"],
        created_at=from_db(row["created_at"]),
        duration_s=row["duration_s"],
        result=row["result"],
        score=row["score"],
        details=json.loads(row["details"]),
    )


def attempts_for(store: Store, item_type: ItemType, item_id: str | None = None, limit: int = 100) -> list[Attempt]:
    """Most recent first."""
    where = "item_type = ?"
    args: list[str] = [item_type]
    if item_id is not None:
        where += " AND item_id = ?"
        args.append(item_id)
    rows = store.db["attempts"].rows_where(where, args, order_by="created_at DESC, id DESC", limit=limit)
    return [_attempt(r) for r in rows]


def latest_results(store: Store, item_type: ItemType) -> dict[str, str]:
    """item id -> result of its most recent attempt."""
    sql = """
        SELECT item_id, result FROM attempts a
        WHERE item_type = ? AND id = (
            SELECT id FROM attempts b WHERE b.item_type = a.item_type AND b.item_id = a.item_id
            ORDER BY created_at DESC, id DESC LIMIT 1)
    """
    return {row[0]: row[1] for row in store.db.execute(sql, [item_type]).fetchall()}


def item_statuses(store: Store, item_type: ItemType, solved_result: str = "pass") -> dict[str, str]:
    """item id -> "solved" (some attempt had solved_result) or "attempted"; absent ids are new."""
    sql = "SELECT item_id, MAX(result = ?) FROM attempts WHERE item_type = ? GROUP BY item_id"
    rows = store.db.execute(sql, [solved_result, item_type]).fetchall()
    return {item_id: "solved" if solved else "attempted" for item_id, solved in rows}


def update_attempt_details(store: Store, attempt_id: int, patch: dict[str, Any]) -> None:
    """Merge `patch` into an attempt's details (e.g. a score computed after the answer was saved)."""
    with store.transaction() as conn:
        row = conn.execute("SELECT details FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        if row is None:
            raise KeyError(attempt_id)
        details = {**json.loads(row[0]), **patch}
        conn.execute("UPDATE attempts SET details = ? WHERE id = ?", (json.dumps(details, sort_keys=True), attempt_id))
