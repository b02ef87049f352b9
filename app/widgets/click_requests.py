"""Button clicks that survive an interrupted run.

With `if st.button(...)`, a click counts only in the run it starts, and only if that run reaches the button. An
answer box that reports its text while typing (app.widgets.code_input.answer_input) starts a rerun that can cut
the click's run short before it gets there, and the click is lost. Callbacks run before the script, so a click's
callback always runs: `record` stores a request naming what it acts on (a session and round, an attempt), and the
page calls `pending` where it acts, after saving what was typed. A request naming another item does nothing.

    st.button("Finish", on_click=record, args=(KEY, session_id, round_idx))
    if pending(KEY) == (session_id, round_idx):
        ...
"""

from __future__ import annotations

from typing import Any

import streamlit as st


def record(key: str, *target: Any) -> None:
    """The on_click callback: remember that the button was clicked for `target`."""
    st.session_state[key] = target


def pending(key: str) -> tuple | None:
    """The request recorded under `key`, removed: each click is carried out once."""
    return st.session_state.pop(key, None)
