"""The Drills page's "Undo last rating" button (Anki's Ctrl+Z); the logic is progress.review_undo."""

from __future__ import annotations

import streamlit as st

from progress import drill_session
from progress.review_undo import CannotUndo, last_review, undo_last

LABELS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def _undo(store, mode: drill_session.Mode) -> None:
    try:
        undone = undo_last(store)
    except CannotUndo as exc:
        st.session_state["dr_undo_message"] = ("warning", str(exc))
        return
    if undone is None:
        return
    session = drill_session.load(store, mode)
    # A cram round skips items rated in it: the undone item must come back on screen.
    session.rated = [x for x in session.rated if tuple(x) != (undone.item_type, undone.item_id)]
    session.last_message = None
    drill_session.save(store, session)
    st.session_state["dr_undo_message"] = (
        "info", f"Undid {LABELS[undone.rating]} on {undone.item_type} {undone.item_id}; it is back as it was.")


def undo_button(store, mode: drill_session.Mode) -> None:
    kind, text = st.session_state.pop("dr_undo_message", (None, None))
    if kind:
        getattr(st, kind)(text)
    last = last_review(store)
    if last is None:
        return
    st.button(f"Undo last rating ({LABELS[last.rating]} on {last.item_id})", key="dr_undo", icon=":material/undo:",
              on_click=_undo, args=(store, mode), shortcut="z")
