"""The code editor behind one small function, so pages and tests do not depend on the component.

streamlit-code-editor (Ace, bundled: works offline) returns {"text": ""} until the user first
interacts with it and reports its text when it loses focus (a button click does that).

The page passes the text it holds (the activity's stored code) as `initial`. That text seeds the editor
once per mount: while the editor stays on screen its seed does not change (with allow_reset a changed
seed would overwrite what the user typed since the last blur); when the editor comes back (another
item was shown in between, or a reload) it is seeded again from the stored code. So the editor always
shows the code the page will grade, and nothing is remembered outside the activity's state.
"""

from __future__ import annotations

import streamlit as st
from code_editor import code_editor

_SEEDS = "_code_input_seeds"
_SEEN = "_code_input_seen"  # key -> run number in which the editor was last drawn

# Live autocompletion swallowed Enter and ")" when typing fast; navigateToFileEnd opened the editor
# scrolled to the end of the last line, hiding the start of every line.
EDITOR_PROPS = {"enableLiveAutocompletion": False, "enableBasicAutocompletion": False, "enableSnippets": False,
                "navigateToFileEnd": False}


def current_run() -> int:
    return st.session_state.get("_run_number", 0)


def code_input(initial: str, key: str, min_lines: int = 18, max_lines: int = 40) -> str:
    seeds, seen = st.session_state.setdefault(_SEEDS, {}), st.session_state.setdefault(_SEEN, {})
    run = current_run()
    if seen.get(key) not in (run, run - 1) or key not in seeds:
        seeds[key] = initial  # (re)mounted: show the stored code
    seen[key] = run
    response = code_editor(
        seeds[key], lang="python", key=key, theme="default", height=[min_lines, max_lines], allow_reset=True,
        response_mode="blur", props=EDITOR_PROPS,
        options={"showLineNumbers": True, "tabSize": 4, "useSoftTabs": True, "wrap": False},
    )
    return _text(response, initial)


def _text(response, initial: str) -> str:
    # An id means the user has interacted: then even an emptied editor is what they want kept.
    if isinstance(response, dict) and response.get("id"):
        return response.get("text") or ""
    return initial


def editor_text(key: str) -> str | None:
    """The editor's latest reported text (None until the user has typed): safe to call in callbacks."""
    value = st.session_state.get(key)
    text = value.get("text") if isinstance(value, dict) else None
    return text or None


def reset_code(key: str) -> None:
    st.session_state.setdefault(_SEEDS, {}).pop(key, None)
    st.session_state.pop(key, None)


def answer_input(initial: str, key: str, min_lines: int = 16, max_lines: int = 60, disabled: bool = False) -> str:
    """A free-text answer box that reports what was typed about a second after typing pauses (and on
    blur), not only when focus leaves it as st.text_area does: a reload or a clock running out can then
    lose at most the last second of typing. Same seeding rules as code_input."""
    seeds, seen = st.session_state.setdefault(_SEEDS, {}), st.session_state.setdefault(_SEEN, {})
    run = current_run()
    if seen.get(key) not in (run, run - 1) or key not in seeds:
        seeds[key] = initial
    seen[key] = run
    response = code_editor(
        seeds[key], lang="markdown", key=key, theme="default", height=[min_lines, max_lines], allow_reset=True,
        response_mode=["debounce", "blur"], props={**EDITOR_PROPS, "debounceChangePeriod": 800, "readOnly": disabled,
                                                   "placeholder": "Type your answer here"},
        options={"showLineNumbers": False, "wrap": True, "showGutter": False},
    )
    return _text(response, initial)
