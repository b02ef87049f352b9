"""The katas page's iterations panel: open any past submission, diff it against the previous one or
(once solved or revealed) the reference. The data is progress.iterations."""

from __future__ import annotations

import streamlit as st

from progress.iterations import diff, iterations, reference_unlocked


def iterations_panel(store, kata_id: str, reference: str) -> None:
    its = iterations(store, kata_id)
    if not its:
        return
    key = f"k_iter_{kata_id}"
    if st.session_state.get(f"{key}_count") != len(its):  # a new submission: open it
        st.session_state[f"{key}_count"] = len(its)
        if key in st.session_state:
            st.session_state[key] = its[-1].number
    # Drawn only while open (the expander keeps its state and reruns on a click): a past iteration's code,
    # highlighted with line numbers, was the largest thing the browser drew after a kata's first grade.
    # The label counts the iterations, and a new label is a new expander: it starts as the last one was.
    panel = st.expander(f"Your iterations ({len(its)})", expanded=st.session_state.get(f"{key}_was_open", False),
                        key=f"{key}_open", on_change="rerun")
    st.session_state[f"{key}_was_open"] = bool(panel.open)
    if not panel.open:
        return
    with panel:
        by_number = {i.number: i for i in its}
        number = st.selectbox(
            "Iteration", list(reversed(by_number)), key=key,
            format_func=lambda n: (f"#{n} · {by_number[n].created_at.astimezone():%Y-%m-%d %H:%M} · "
                                   f"{by_number[n].result}"
                                   + (f" {by_number[n].passed}/{by_number[n].total}" if by_number[n].total else "")))
        chosen = by_number[number]
        targets = ["its code"] + (["diff with the previous iteration"] if number > 1 else [])
        unlocked = reference_unlocked(store, kata_id)
        if unlocked:
            targets.append("diff with the reference")
        view = st.radio("Show", targets, key=f"{key}_view", horizontal=True)
        if view == "its code":
            st.code(chosen.code, language="python", line_numbers=True)
        elif view.endswith("previous iteration"):
            text = diff(by_number[number - 1].code, chosen.code, f"iteration {number - 1}", f"iteration {number}")
            st.code(text or "No change from the previous iteration.", language="diff")
        else:
            text = diff(reference, chosen.code, "reference", f"iteration {number}")
            st.code(text or "Identical to the reference.", language="diff")
        if not unlocked:
            st.caption("The diff with the reference opens once you pass all tests or reveal the solution.")
