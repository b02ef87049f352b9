"""Clocks drawn from stored times (never by counting ticks), redrawn every second in a small fragment."""

from __future__ import annotations

import os
import time

import streamlit as st


def format_left(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


@st.fragment(run_every=1)
def countdown(deadline: float, expired_flag: str, label: str = "Time left") -> None:
    """Shows time left until `deadline` (epoch seconds). At zero, sets session_state[expired_flag]
    once and reruns the whole page, whose activity then applies the deadline."""
    left = deadline - time.time()
    if left > 0:
        st.metric(label, format_left(left))
        return
    st.metric(label, "00:00")
    if not st.session_state.get(expired_flag):
        st.session_state[expired_flag] = True
        st.rerun(scope="app")


@st.fragment(run_every=1)
def elapsed_clock(started: float, label: str = "Untimed") -> None:
    """Time since `started`, ticking (a plain metric would stay frozen until the next full run)."""
    st.metric(label, format_left(time.time() - started))


def time_scale() -> float:
    """MASTERY_TIME_SCALE shrinks every budget (0.01 turns 10 minutes into 6 seconds) for demos and tests."""
    return float(os.environ.get("MASTERY_TIME_SCALE", "1") or 1)


def start_buttons(attempt: dict, minutes: int, key: str) -> None:
    """'Start (N min)' sets a deadline; 'Practice untimed' starts without one. Reruns on a click."""
    c1, c2 = st.columns(2)
    if c1.button(f"Start ({minutes} min)", type="primary", key=f"{key}_start"):
        attempt.update(started=time.time(), deadline=time.time() + minutes * 60 * time_scale())
        st.rerun()
    if c2.button("Practice untimed", key=f"{key}_untimed"):
        attempt.update(started=time.time(), deadline=None)
        st.rerun()
