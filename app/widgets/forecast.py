"""Progress page: reviews due per day for the next 30 days (Altair bars); the counts are progress.forecast."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from progress.forecast import DEFAULT_DAYS, forecast


def forecast_chart(store) -> None:
    st.subheader("Review forecast")
    rows = forecast(store, DEFAULT_DAYS)
    total = sum(n for _, n in rows)
    if not total:
        st.caption(f"No reviews due in the next {DEFAULT_DAYS} days.")
        return
    df = pd.DataFrame({"day": [d.isoformat() for d, _ in rows], "reviews": [n for _, n in rows]})
    st.altair_chart(alt.Chart(df).mark_bar().encode(
        x=alt.X("day:O", title=None, axis=alt.Axis(labelAngle=-45)), y=alt.Y("reviews:Q", title="reviews due"),
        tooltip=["day", "reviews"]).properties(height=200), width="stretch")
    busiest_day, busiest = max(rows, key=lambda r: r[1])
    st.caption(f"{total} review(s) due in the next {DEFAULT_DAYS} days (overdue ones count today); today {rows[0][1]}, "
               f"busiest day {busiest_day:%a %d %b} with {busiest}.")
