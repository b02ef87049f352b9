"""Pages show a user's mistake (a damaged or newer database, a bad file) as an st.error, never a traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from app.errors import user_error_types, user_message


@contextmanager
def user_errors(prefix: str = "") -> Iterator[None]:
    """Run a page (or one action of it); a user error becomes one st.error line and the run stops there.

    Streamlit's own control flow (st.rerun, st.stop) uses other exception types and passes through.
    """
    try:
        yield
    except user_error_types() as exc:
        st.error(prefix + user_message(exc))
        st.stop()


_PENDING = "_guard_pending_error"


def guarded(action: Callable[..., Any]) -> Callable[..., None]:
    """A widget callback whose user error is shown, not raised: callbacks run before the page script, outside
    `user_errors`, so Streamlit would draw their exception box. The message is drawn by `show_pending`."""

    @functools.wraps(action)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            action(*args, **kwargs)
        except user_error_types() as exc:
            st.session_state[_PENDING] = user_message(exc)

    return run


def show_pending() -> None:
    """Draw (once) the user error a guarded callback of this run hit."""
    message = st.session_state.pop(_PENDING, None)
    if message:
        st.error(message)
