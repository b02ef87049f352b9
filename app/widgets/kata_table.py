"""The katas page's table (status, difficulty, phase/topic, runtime, best time, last attempt); sortable by
clicking a column header, filtered by the page's sidebar; a click on a row calls `on_select`."""

from __future__ import annotations

import streamlit as st

from progress.kata_table import KataRow


def _minutes(seconds: float | None) -> float | None:
    return round(seconds / 60, 1) if seconds is not None else None


def kata_table(rows: list[KataRow], topic_names: dict, on_select, key: str = "k_table") -> None:
    st.session_state[f"{key}_ids"] = [r.kata_id for r in rows]
    st.dataframe(
        [{"Kata": r.title, "Status": r.status, "Difficulty": r.difficulty,
          "Phase": r.phase, "Topic": topic_names.get(r.topic, r.topic), "Runtime": r.runtime,
          "Budget (min)": r.budget_min, "Best time (min)": _minutes(r.best_time_s), "Attempts": r.attempts,
          "Last attempt": r.last_attempt.astimezone().replace(tzinfo=None) if r.last_attempt else None}
         for r in rows],
        hide_index=True, width="stretch", key=key, on_select=on_select, selection_mode="single-row",
        column_config={  # narrow text columns so every column fits a laptop screen without scrolling
            "Kata": st.column_config.TextColumn(width="medium"),
            "Topic": st.column_config.TextColumn(width="small"),
            "Phase": st.column_config.NumberColumn(help="Phase of the learning path (1 foundations ... 6 MLOps)"),
            "Best time (min)": st.column_config.NumberColumn(help="Fastest solve: work time up to a pass"),
            "Last attempt": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm", help="Local time"),
        },
    )
