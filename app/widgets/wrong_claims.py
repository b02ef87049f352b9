"""A question's common wrong claims, each with what is true instead: shown with its revealed answer (Question
bank, Drills). They are also the claims the offline check caps a typed answer for."""

from __future__ import annotations

import streamlit as st


def common_wrong_claims(question) -> None:
    if not question.misconceptions:
        return
    with st.expander(f"Common wrong claims ({len(question.misconceptions)})"):
        st.markdown("\n".join(f"- **Wrong:** {m.claim}  \n  **True:** {m.correction}"
                               for m in question.misconceptions))
