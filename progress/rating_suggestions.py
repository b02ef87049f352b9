"""What an attempt suggests as a review rating (1 Again, 2 Hard, 3 Good, 4 Easy). The user confirms."""

from __future__ import annotations

from typing import overload

from progress.attempts import Attempt


def from_answer_score(score: float | None) -> int | None:
    """A typed answer's offline score (0-1)."""
    if score is None:
        return None
    return 1 if score < 0.35 else 2 if score < 0.55 else 3 if score < 0.85 else 4


def from_kata_attempt(attempt: Attempt | None, budget_min: int) -> int | None:
    """fail -> Again; pass over time or with hints -> Hard; pass -> Good; pass in under half the budget -> Easy."""
    if attempt is None or attempt.result not in ("pass", "fail", "error", "over_time", "gave_up"):
        return None
    if attempt.result != "pass":
        return 1
    if attempt.details.get("over_time") or attempt.details.get("hints_used", 0) > 0:
        return 2
    if attempt.duration_s is not None and attempt.duration_s < budget_min * 60 / 2:
        return 4
    return 3


@overload
def from_case_score(score: float) -> int: ...
@overload
def from_case_score(score: None) -> None: ...
def from_case_score(score: float | None) -> int | None:
    """A design answer's rubric score (0-100)."""
    if score is None:
        return None
    return 1 if score < 40 else 2 if score < 60 else 3 if score < 80 else 4
