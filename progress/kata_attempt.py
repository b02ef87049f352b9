"""One kata attempt as a state machine, persisted on every change (no Streamlit here).

States: new -> running (timed or untimed) -> solved | gave_up; restart goes back to new.
The attempt owns the code: the editor shows `code` and a grade always grades `code`, so what is
graded is what is on screen even after switching katas or reloading. The clock stops at a pass, and
expiry only fires for a running, unsolved, timed attempt, once. Each recorded attempt stores the
work time since the previous record (not since the start), so summing attempts gives time spent.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

from progress import activity
from progress.attempts import record_attempt
from progress.store import Store

KIND = "kata"
Status = Literal["new", "running", "solved", "gave_up"]


@dataclass
class KataAttempt:
    kata_id: str
    status: Status = "new"
    started_at: float | None = None     # epoch seconds
    deadline: float | None = None       # epoch seconds; None = untimed
    finished_at: float | None = None    # when solved or given up: the clock stops here
    over_time: bool = False
    hints: int = 0
    revealed: bool = False
    code: str | None = None             # the editor's text, None = the starter
    editor_rev: int = 0                 # bumped when the code is replaced (restart): the editor remounts
    segment_start: float | None = None  # start of the work not yet counted in a recorded attempt
    last: dict | None = None            # the latest grade, as GradeResult.to_dict()
    last_code: str | None = None        # the code that grade graded
    reviewed: bool = False              # this attempt already fed the review schedule once

    # -- transitions (pure: they take `now` and change only this object) ------------------------------
    def start(self, now: float, budget_s: float | None) -> None:
        if self.status != "new":
            return
        self.status, self.started_at, self.segment_start = "running", now, now
        self.deadline = now + budget_s if budget_s is not None else None

    def edit(self, code: str) -> bool:
        if code == self.code:
            return False
        self.code = code
        return True

    def expire(self, now: float) -> bool:
        """True exactly once: when a running timed attempt passes its deadline."""
        if self.status != "running" or self.deadline is None or self.over_time or now < self.deadline:
            return False
        self.over_time = True
        return True

    def take_segment(self, now: float) -> float:
        """Work time since the last recorded attempt; the next segment starts now."""
        start = self.segment_start if self.segment_start is not None else now
        self.segment_start = now
        return round(max(0.0, now - start), 1)

    def graded(self, result: dict, code: str, now: float, samples: bool) -> None:
        self.last, self.last_code = result, code
        if not samples and result["status"] == "pass" and self.status == "running":
            self.status, self.finished_at, self.revealed = "solved", now, True

    def give_up(self, now: float) -> None:
        self.revealed = True
        if self.status == "running":
            self.status, self.finished_at = "gave_up", now

    def elapsed(self, now: float) -> float:
        if self.started_at is None:
            return 0.0
        return max(0.0, (self.finished_at or now) - self.started_at)

    def time_left(self, now: float) -> float | None:
        if self.deadline is None or self.status != "running":
            return None
        return max(0.0, self.deadline - now)

    def source(self, starter: str) -> str:
        return self.code if self.code is not None else starter


# -- persistence and actions: load, apply, save (what the page calls) ------------------------------------
def load(store: Store, kata_id: str) -> KataAttempt:
    data = activity.load_state(store, KIND, kata_id)
    return activity.from_dict(KataAttempt, data) if data else KataAttempt(kata_id)


def save(store: Store, attempt: KataAttempt) -> None:
    activity.save_state(store, KIND, attempt.kata_id, activity.to_dict(attempt))


def _record(store: Store, a: KataAttempt, result: str, now: float, mode: str, grade: dict | None = None,
            code: str | None = None) -> int:
    details: dict[str, Any] = {"mode": mode, "hints_used": a.hints, "revealed": a.revealed,
                               "over_time": a.over_time, "code": code if code is not None else (a.code or "")}
    score = None
    if grade is not None:
        details["verdicts"] = {t["name"]: t["verdict"] for t in grade["tests"]}
        details["summary"] = grade["summary"]
        details["sandbox"] = grade.get("sandbox")
        total = grade["summary"]["total"]
        score = grade["summary"]["passed"] / total if total else None
    return record_attempt(store, "kata", a.kata_id, result, duration_s=a.take_segment(now), score=score,
                          details=details)


def start(store: Store, kata_id: str, budget_s: float | None, now: float | None = None) -> KataAttempt:
    a = load(store, kata_id)
    a.start(time.time() if now is None else now, budget_s)
    save(store, a)
    return a


def edit(store: Store, kata_id: str, code: str) -> KataAttempt:
    a = load(store, kata_id)
    if a.edit(code):
        save(store, a)
    return a


def tick(store: Store, kata_id: str, now: float | None = None) -> KataAttempt:
    """Apply the clock: at the deadline of a running attempt, record one over-time attempt."""
    now = time.time() if now is None else now
    a = load(store, kata_id)
    if a.expire(now):
        _record(store, a, "over_time", now, "timer")
        save(store, a)
    return a


def grade(store: Store, grader, kata_id: str, starter: str, code: str | None = None, samples: bool = False,
          now: float | None = None) -> KataAttempt:
    """Grade the attempt's code (or `code`, the editor's latest text, which becomes the attempt's code)."""
    a = tick(store, kata_id, now)
    if code is not None:
        a.edit(code)
    source = a.source(starter)
    result = grader.grade(kata_id, source, samples_only=samples)
    result = result.to_dict() if hasattr(result, "to_dict") else result
    now = time.time() if now is None else now
    name = f"samples_{result['status']}" if samples else result["status"]
    work_s = now - (a.segment_start if a.segment_start is not None else now)
    _record(store, a, name, now, "samples" if samples else "submit", result, source)
    a.graded(result, source, now, samples)
    if not samples:
        _review(store, a, _rating(a, result), work_s)
    save(store, a)
    return a


def _rating(a: KataAttempt, result: dict) -> int:
    """fail -> Again; pass with hints or over time -> Hard; pass -> Good."""
    if result["status"] != "pass":
        return 1
    return 2 if a.hints or a.over_time else 3


def _review(store: Store, a: KataAttempt, rating: int, duration_s: float) -> None:
    # The first full submission (or giving up) of an attempt is its review; later ones are practice.
    if a.reviewed:
        return
    from progress.scheduling import review_elsewhere

    review_elsewhere(store, "kata", a.kata_id, rating, duration_s=round(duration_s, 1))
    a.reviewed = True


def hint(store: Store, kata_id: str, n_hints: int) -> KataAttempt:
    a = load(store, kata_id)
    if a.hints < n_hints:
        a.hints += 1
        save(store, a)
    return a


def give_up(store: Store, kata_id: str, now: float | None = None) -> KataAttempt:
    now = time.time() if now is None else now
    a = load(store, kata_id)
    if not a.revealed:
        a.give_up(now)
        _record(store, a, "gave_up", now, "give_up")
        _review(store, a, 1, a.elapsed(now))
        save(store, a)
    return a


def restart(store: Store, kata_id: str) -> KataAttempt:
    rev = load(store, kata_id).editor_rev
    a = KataAttempt(kata_id, editor_rev=rev + 1)
    save(store, a)
    return a
