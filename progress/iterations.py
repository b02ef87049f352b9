"""Iterations (as Exercism shows them): every submitted version of a kata, numbered, with diffs.

The code of each submission is already kept in its attempt's details; an iteration is a full submission
("Submit", not "Run samples"). Its diff against the previous iteration shows what changed; the diff
against the reference is offered only once the kata was solved or the solution revealed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from progress.attempts import attempts_for
from progress.store import Store


@dataclass(frozen=True)
class Iteration:
    number: int          # 1 = the first submission
    attempt_id: int
    created_at: datetime
    result: str          # pass / fail / error
    passed: int | None
    total: int | None
    code: str


def iterations(store: Store, kata_id: str) -> list[Iteration]:
    """Oldest first."""
    rows = [a for a in reversed(attempts_for(store, "kata", kata_id, limit=10_000))
            if a.details.get("mode") == "submit" and "code" in a.details]
    return [Iteration(n, a.id, a.created_at, a.result, a.details.get("summary", {}).get("passed"),
                      a.details.get("summary", {}).get("total"), a.details["code"]) for n, a in enumerate(rows, 1)]


def reference_unlocked(store: Store, kata_id: str) -> bool:
    """Solved once, or the solution was revealed (gave up): comparing with it gives nothing away."""
    return any(a.result in ("pass", "gave_up") or a.details.get("revealed")
               for a in attempts_for(store, "kata", kata_id, limit=10_000))


def diff(old: str, new: str, old_name: str, new_name: str) -> str:
    """A unified diff; empty when the two are the same."""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
