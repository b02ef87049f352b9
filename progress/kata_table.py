"""The kata table (LeetCode's problem list): status, difficulty, topic, runtime, best time, last attempt.

Rows are ordered by the learning path (phase of the kata's topic), then difficulty, then title, so the
list reads as a course instead of by id. Best time is the shortest solve: the work time recorded between
the previous pass or give-up and a pass (kata attempts store the work time since the previous record,
so these segments add up to the time that solve took).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from progress.clock import from_db
from progress.store import Store

DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}
TERMINAL = ("pass", "gave_up")
NO_PHASE = 99


@dataclass(frozen=True)
class KataRow:
    kata_id: str
    title: str
    status: str                      # new / attempted / solved
    difficulty: str
    phase: int | None
    area: str
    topic: str
    runtime: str
    budget_min: int
    best_time_s: float | None        # fastest solve, work time
    attempts: int
    last_attempt: datetime | None
    last_result: str | None


def learning_order(entries: Iterable, phase_of: Callable[[str, str], int | None]) -> list:
    """Kata entries sorted by phase, difficulty, title (katas without a phase go last)."""
    def key(entry):
        k = entry.kata
        phase = phase_of(k.area, k.topic)
        return (phase if phase is not None else NO_PHASE, DIFFICULTY_ORDER.get(k.difficulty, 9), k.title.lower())
    return sorted(entries, key=key)


def history(store: Store) -> dict[str, list[tuple[datetime, str, float]]]:
    """kata id -> [(when, result, work seconds)] oldest first, from one query."""
    out: dict[str, list] = {}
    for item_id, created, result, duration in store.conn.execute(
            "SELECT item_id, created_at, result, duration_s FROM attempts WHERE item_type = 'kata' "
            "ORDER BY created_at, id"):
        out.setdefault(item_id, []).append((from_db(created), result, duration or 0.0))
    return out


def best_time(records: list[tuple[datetime, str, float]]) -> float | None:
    best, run = None, 0.0
    for _, result, seconds in records:
        run += seconds
        if result in TERMINAL:
            if result == "pass" and (best is None or run < best):
                best = run
            run = 0.0
    return best


def rows(store: Store, entries: Iterable, phase_of: Callable[[str, str], int | None]) -> list[KataRow]:
    past = history(store)
    out = []
    for entry in learning_order(entries, phase_of):
        k = entry.kata
        records = past.get(k.id, [])
        status = "solved" if any(r == "pass" for _, r, _ in records) else "attempted" if records else "new"
        out.append(KataRow(k.id, k.title, status, k.difficulty, phase_of(k.area, k.topic), k.area, k.topic,
                           k.runtime, k.time_budget_min, best_time(records), len(records),
                           records[-1][0] if records else None, records[-1][1] if records else None))
    return out
