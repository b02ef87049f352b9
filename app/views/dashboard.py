from datetime import datetime, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from app import state
from app.widgets.forecast import forecast_chart
from progress.clock import utc_now
from progress.dashboard import build
from progress.scheduling import Drills
from question_bank.taxonomy import load_taxonomy

PHASES = {1: "Foundations", 2: "Machine learning", 3: "Deep learning", 4: "Generative AI", 5: "Backend for AI",
          6: "MLOps and production"}

drills = Drills(state.store())
data = build(drills, state.catalog())
taxonomy = load_taxonomy()
area_names, topic_names = taxonomy.area_names(), taxonomy.topic_names()

st.title("Progress")
c1, c2, c3, c4 = st.columns(4)
c1.metric("Items seen", sum(t.seen for t in data.topics))
c2.metric("Mastered", sum(t.mastered for t in data.topics),
          help=f"Predicted recall at least {drills.scheduler.desired_retention:.0%} with two or more reviews")
c3.metric("Kata solve rate", f"{data.kata_solve_rate:.0%}" if data.kata_solve_rate is not None else "-",
          help=f"Solved / attempted over {data.katas_attempted} kata(s)")
c4.metric("Streak", f"{data.streak} day(s)")

st.subheader("The learning path")
for phase, name in PHASES.items():
    rows = [t for t in data.topics if t.phase == phase]
    if not rows:
        continue
    items, seen, mastered = sum(t.items for t in rows), sum(t.seen for t in rows), sum(t.mastered for t in rows)
    with st.expander(f"Phase {phase}: {name} · {seen}/{items} seen · {mastered} mastered"):
        st.table(pd.DataFrame([{"Topic": topic_names.get(t.topic, t.topic), "Items": t.items, "Seen": t.seen,
                                "Mastered": t.mastered,
                                "Recall now": f"{t.mean_recall:.0%}" if t.mean_recall is not None else "not yet"}
                               for t in rows]))

left, right = st.columns(2)
with left:
    st.subheader("Review calendar")
    today = data.today or utc_now().date()  # a local day, as the calendar's days and the streak are
    days = [today - timedelta(days=i) for i in range(7 * 20)]
    cal = pd.DataFrame({"day": pd.to_datetime(days), "reviews": [data.calendar.get(d, 0) for d in days]})
    st.altair_chart(alt.Chart(cal).mark_rect().encode(
        x=alt.X("week(day):O", title=None, axis=None), y=alt.Y("day(day):O", title=None),
        color=alt.Color("reviews:Q", scale=alt.Scale(scheme="greens"), legend=None),
        tooltip=[alt.Tooltip("day:T"), "reviews:Q"]).properties(height=170), width="stretch")
with right:
    st.subheader("Design scores")
    if data.design_scores:
        ds = pd.DataFrame(data.design_scores, columns=["when", "case", "score"])
        local = datetime.now().astimezone().tzinfo  # shown in this machine's local time, without an offset
        ds["when"] = pd.to_datetime(ds["when"], utc=True).dt.tz_convert(local).dt.tz_localize(None)
        st.altair_chart(alt.Chart(ds).mark_line(point=True).encode(
            x=alt.X("when:T", title=None), y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 100])),
            color="case:N", tooltip=["case", "score", "when:T"]).properties(height=170), width="stretch")
    else:
        st.caption("No design answers yet.")

forecast_chart(drills.store)  # issue 18: reviews due per day, next 30 days

left, right = st.columns(2)
with left:
    st.subheader("Time spent")
    if data.minutes_per_area:
        mins = pd.DataFrame([{"area": area_names.get(a, a), "minutes": round(m, 1)}
                             for a, m in data.minutes_per_area.items()])
        st.altair_chart(alt.Chart(mins).mark_bar().encode(x="minutes:Q", y=alt.Y("area:N", sort="-x", title=None)),
                        width="stretch")
    else:
        st.caption("Nothing yet.")
with right:
    st.subheader("Weakest topics")
    for t in data.weakest:
        c1, c2 = st.columns([3, 1])
        parts = [topic_names.get(t.topic, t.topic)]
        if t.mean_recall is not None:
            parts.append(f"predicted recall {t.mean_recall:.0%}")
        if t.reviews:
            parts.append(f"Again on {t.agains} of {t.reviews} review(s)")
        c1.write(" · ".join(parts))
        if c2.button("Cram", key=f"dash_cram_{t.topic}"):
            st.session_state.update({"dr_mode": "Cram a topic", "dr_cram_areas": [t.area], "dr_cram_topics": [t.topic]})
            st.switch_page("views/drills.py")
    if not data.weakest:
        st.caption("Review some items first.")

st.subheader("Are the predictions right?")
cal = data.calibration
if cal.n:
    st.caption(f"{cal.n} scheduled reviews · log loss {cal.log_loss:.3f} · RMSE over bins {cal.rmse_bins:.3f}. "
               "Points on the diagonal mean the schedule's predicted recall matches what you actually recalled.")
    bins = pd.DataFrame(cal.bins)
    diagonal = alt.Chart(pd.DataFrame({"x": [0, 1], "y": [0, 1]})).mark_line(strokeDash=[4, 4], color="gray").encode(
        x="x:Q", y="y:Q")
    points = alt.Chart(bins).mark_circle().encode(
        x=alt.X("predicted:Q", title="predicted recall", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("actual:Q", title="actual recall", scale=alt.Scale(domain=[0, 1])),
        size=alt.Size("count:Q", legend=None), tooltip=["predicted", "actual", "count"])
    st.altair_chart((diagonal + points).properties(height=260), width="stretch")
else:
    st.caption("Calibration appears after reviews of items you have seen before.")
