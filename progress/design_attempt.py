"""One design-case attempt as a state machine, persisted on every change (no Streamlit here).

States: new -> running (timed or untimed) -> submitted; "answer again" goes back to new.
The draft, the clock (start and deadline as stored times), the clarifying questions asked and the
submitted result all live here, so a reload shows the same text, the same time left and the same
answers to the questions asked. The rubric's key points stay hidden in a timed attempt until it is
submitted (reading them first would turn the self-review into copying).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

from progress import activity
from progress.store import Store

KIND = "case"
Status = Literal["new", "running", "submitted"]


@dataclass
class DesignAttempt:
    case_id: str
    status: Status = "new"
    started_at: float | None = None
    deadline: float | None = None
    over_time: bool = False
    asked: list[int] = field(default_factory=list)
    draft: str = ""
    editor_rev: int = 0
    submitted: dict | None = None  # score, levels, attempt_id, offline, llm, follow_ups

    def start(self, now: float, budget_s: float | None) -> None:
        if self.status == "new":
            self.status, self.started_at = "running", now
            self.deadline = now + budget_s if budget_s is not None else None

    def expire(self, now: float) -> bool:
        if self.status != "running" or self.deadline is None or self.over_time or now < self.deadline:
            return False
        self.over_time = True
        return True

    def ask(self, index: int) -> bool:
        if self.status != "running" or index in self.asked:
            return False
        self.asked.append(index)
        return True

    def edit(self, text: str) -> bool:
        if self.status != "running" or text == self.draft:
            return False
        self.draft = text
        return True

    @property
    def submission(self) -> dict:
        """The submitted result; only a submitted attempt has one."""
        if self.submitted is None:
            raise ValueError(f"the attempt on {self.case_id} has not been submitted")
        return self.submitted

    @property
    def timed(self) -> bool:
        return self.deadline is not None

    def rubric_visible(self) -> bool:
        """Key points and level descriptions: hidden while a timed attempt is open."""
        return not (self.status == "running" and self.timed and not self.over_time)

    def time_left(self, now: float) -> float | None:
        if self.status != "running" or self.deadline is None:
            return None
        return max(0.0, self.deadline - now)


def load(store: Store, case_id: str) -> DesignAttempt:
    data = activity.load_state(store, KIND, case_id)
    if data:
        return activity.from_dict(DesignAttempt, data)
    # A draft saved by an older Mastery (drafts table) is picked up as a running untimed attempt.
    from progress.drafts import load_draft

    old = load_draft(store, "case", case_id)
    if old:
        a = DesignAttempt(case_id, "running", started_at=time.time(), draft=old)
        save(store, a)  # once: its clock starts now and stays
        return a
    return DesignAttempt(case_id)


def save(store: Store, a: DesignAttempt) -> None:
    activity.save_state(store, KIND, a.case_id, activity.to_dict(a))


def _apply(store: Store, case_id: str, change) -> DesignAttempt:
    a = load(store, case_id)
    if change(a) is not False:
        save(store, a)
    return a


def start(store: Store, case_id: str, budget_s: float | None, now: float | None = None) -> DesignAttempt:
    return _apply(store, case_id, lambda a: a.start(time.time() if now is None else now, budget_s))


def tick(store: Store, case_id: str, now: float | None = None) -> DesignAttempt:
    return _apply(store, case_id, lambda a: a.expire(time.time() if now is None else now))


def ask(store: Store, case_id: str, index: int) -> DesignAttempt:
    return _apply(store, case_id, lambda a: a.ask(index))


def edit(store: Store, case_id: str, text: str) -> DesignAttempt:
    return _apply(store, case_id, lambda a: a.edit(text))


def submit(store: Store, case_id: str, text: str, levels: dict[str, int], covered: dict[str, list[str]],
           score: float, case=None, now: float | None = None) -> DesignAttempt:
    """Record the answer as an attempt first, then score it offline; both stay with the attempt."""
    from progress.attempts import record_attempt, update_attempt_details
    from progress.drafts import clear_draft

    now = time.time() if now is None else now
    a = load(store, case_id)
    from evaluators.scoring_constants import check_answer_size

    check_answer_size(text)  # AnswerTooLarge before anything is recorded; the page shows the message
    a.expire(now)
    a.draft = text
    details = {"answer": text, "levels": levels, "covered_key_points": covered, "clarifying_asked": len(a.asked),
               "asked": list(a.asked), "over_time": a.over_time, "timed": a.timed}
    attempt_id = record_attempt(store, "case", case_id, "self_review", score=score,
                                duration_s=round(now - (a.started_at or now), 1), details=details)
    clear_draft(store, "case", case_id)
    offline = None
    if case is not None:
        from evaluators.rubric_scoring import score_design

        offline = score_design(case, text).to_dict()
        update_attempt_details(store, attempt_id, {"offline_score": offline})
    from progress.rating_suggestions import from_case_score
    from progress.scheduling import review_elsewhere

    # The offline scorer's total when there is one: a self-review alone is too generous to schedule by.
    review_elsewhere(store, "case", case_id, from_case_score(offline["total"] if offline else score),
                     duration_s=round(now - (a.started_at or now), 1))
    a.status = "submitted"
    a.submitted = {"score": score, "levels": levels, "attempt_id": attempt_id, "offline": offline, "llm": None,
                   "follow_ups": None}
    save(store, a)
    return a


def update_submitted(store: Store, case_id: str, patch: dict) -> DesignAttempt:
    a = load(store, case_id)
    if a.submitted is not None:
        a.submitted.update(patch)
        save(store, a)
    return a


def again(store: Store, case_id: str) -> DesignAttempt:
    rev = load(store, case_id).editor_rev
    a = DesignAttempt(case_id, editor_rev=rev + 1)
    save(store, a)
    return a
