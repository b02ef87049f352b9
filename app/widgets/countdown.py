"""A countdown drawn from a stored deadline (never by counting ticks), redrawn every second."""

from __future__ import annotations

import time

import streamlit as st


def format_left(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


@st.fragment(run_every=1)
def countdown(deadline: float, expired_flag: str, label: str = "Time left") -> None:
    """Shows time left until `deadline` (epoch seconds). At zero, sets session_state[expired_flag]
    once and reruns the whole page so it can record the over-time attempt."""
    left = deadline - time.time()
    if left > 0:
        st.metric(label, format_left(left))
        return
    st.metric(label, "00:00")
    if not st.session_state.get(expired_flag):
        st.session_state[expired_flag] = True
        st.rerun(scope="app")
