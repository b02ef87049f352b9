"""A drill session as a state machine, persisted as it changes (no Streamlit here).

Two sessions exist side by side, the daily queue and a cram session, each with its own filters, so a
filter chosen for cramming never narrows the daily queue unseen. The session remembers which items were
rated in it: cram ratings do not move the schedule, so without this the weakest item stayed first and
every rating landed on it. It also keeps the last confirmation to show after the final rating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from progress import activity
from progress.store import Store

KIND = "drills"
Mode = Literal["daily", "cram"]
FILTER_KEYS = ("areas", "topics", "roles", "companies", "kinds")
ALL_KINDS = ["question", "kata", "case"]


@dataclass
class DrillSession:
    mode: Mode
    filters: dict = field(default_factory=lambda: {"kinds": list(ALL_KINDS)})
    rated: list[list[str]] = field(default_factory=list)  # [item_type, item_id] rated in this session
    last_message: str | None = None

    def set_filters(self, **values) -> bool:
        new = {**self.filters, **{k: list(v) for k, v in values.items() if k in FILTER_KEYS}}
        if new == self.filters:
            return False
        self.filters = new
        self.rated = []  # another selection is another session
        return True

    def active_filters(self) -> dict:
        return {k: v for k, v in self.filters.items() if v and not (k == "kinds" and sorted(v) == sorted(ALL_KINDS))}

    def next_items(self, ordered: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The order to show: items not yet rated in this session first (cram wraps around when all are)."""
        done = {tuple(x) for x in self.rated}
        fresh = [k for k in ordered if k not in done]
        if self.mode == "cram" and not fresh and ordered:
            self.rated = []
            return list(ordered)
        return fresh if self.mode == "cram" else list(ordered)

    def rate(self, item: tuple[str, str], message: str) -> None:
        if self.mode == "cram":
            self.rated.append(list(item))
        self.last_message = message

    def pop_message(self) -> str | None:
        message, self.last_message = self.last_message, None
        return message


def load(store: Store, mode: Mode) -> DrillSession:
    data = activity.load_state(store, KIND, mode)
    return activity.from_dict(DrillSession, {**data, "mode": mode}) if data else DrillSession(mode)


def save(store: Store, session: DrillSession) -> None:
    activity.save_state(store, KIND, session.mode, activity.to_dict(session))
