"""Pages show a user's mistake (a damaged or newer database, a bad file) as an st.error, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
