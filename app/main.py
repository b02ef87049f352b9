"""Streamlit entry point: page config and navigation only; each page lives in app/views/."""

import streamlit as st

from app import state
from app.guard import show_pending, user_errors

st.set_page_config(page_title="Mastery", page_icon="🎓", layout="wide")
# Counts full runs of this session: widgets use it to tell "still on screen" from "shown again".
st.session_state["_run_number"] = st.session_state.get("_run_number", 0) + 1

pages = [
    st.Page("views/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("views/question_bank.py", title="Question bank", icon=":material/quiz:", url_path="questions"),
    st.Page("views/drills.py", title="Drills", icon=":material/repeat:", url_path="drills"),
    st.Page("views/cards.py", title="Browse cards", icon=":material/style:", url_path="cards"),
    st.Page("views/katas.py", title="Coding katas", icon=":material/code:", url_path="katas"),
    st.Page("views/design.py", title="System design", icon=":material/account_tree:", url_path="design"),
    st.Page("views/mock.py", title="Mock interview", icon=":material/timer:", url_path="mock"),
    st.Page("views/dashboard.py", title="Progress", icon=":material/monitoring:", url_path="progress"),
    st.Page("views/settings.py", title="Settings", icon=":material/settings:", url_path="settings"),
]
try:
    with user_errors():  # a damaged or newer database, a bad file: one st.error, never an exception box
        show_pending()  # a user error raised in a widget callback of this run
        st.navigation(pages).run()
finally:
    # Content, SQLite layer and search load in a background thread started once the first run has drawn
    # its page (started earlier, it competes with that run for the GIL); the grader warms after.
    state.preload()
