"""The code editor behind one small function, so pages and tests do not depend on the component.

streamlit-code-editor (Ace, bundled: works offline) returns {"text": ""} until the user first
interacts with it, so the last non-empty text is remembered per key and the initial code is the
fallback. The editor reports its text when it loses focus, which happens when a button is clicked.
"""

from __future__ import annotations

import streamlit as st
from code_editor import code_editor

_STORE = "_code_input_text"


def code_input(initial: str, key: str, min_lines: int = 18, max_lines: int = 40) -> str:
    response = code_editor(
        initial, lang="python", key=key, theme="default", height=[min_lines, max_lines], allow_reset=True,
        response_mode="blur", options={"showLineNumbers": True, "tabSize": 4, "useSoftTabs": True, "wrap": False},
    )
    texts = st.session_state.setdefault(_STORE, {})
    text = (response or {}).get("text") or ""
    if text:
        texts[key] = text
    return texts.get(key, initial)


def reset_code(key: str) -> None:
    st.session_state.setdefault(_STORE, {}).pop(key, None)
    st.session_state.pop(key, None)
