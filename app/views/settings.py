import json
import tempfile
from pathlib import Path

import streamlit as st

from app import state
from app.progress_transfer import apply_upload, known_items, preview_upload
from progress.portability import export_anki, export_progress
from progress.store import default_db_path

st.title("Settings")
st.subheader("LLM judge (optional)")
st.markdown(
    "Mastery scores answers offline. An LLM judge adds a second opinion through any OpenAI-compatible "
    "endpoint (a local vLLM or Ollama server, or a hosted API). Configure it with the environment variables "
    "`MASTERY_LLM_MODEL`, `MASTERY_LLM_API_BASE`, `MASTERY_LLM_API_KEY` or `app/.streamlit/secrets.toml`, or "
    "here for this browser session only. The key is kept in memory: never in the database, logs or exports."
)
current = state.judge_config()
if current:
    st.success(f"Judge configured: {current.label} (timeout {current.timeout_s:g} s)"
               + (" with an API key" if current.api_key else " without an API key"))
else:
    st.info("No judge configured: scoring is offline only.")

with st.form("llm_form"):
    model = st.text_input("Model (litellm string, e.g. openai/llama-3.1-8b-instruct)", key="llm_model")
    api_base = st.text_input("API base URL (e.g. http://127.0.0.1:8000/v1)", key="llm_api_base")
    api_key = st.text_input("API key", type="password", key="llm_api_key")
    timeout = st.number_input("Timeout per request (seconds)", min_value=5, max_value=600, value=60, key="llm_timeout")
    concurrency = st.number_input("Criterion requests at once (raise for a GPU server with more slots)", min_value=1,
                                  max_value=16, value=2, key="llm_concurrency")
    c1, c2 = st.columns(2)
    save = c1.form_submit_button("Use for this session", type="primary")
    clear = c2.form_submit_button("Clear session settings")
if save:
    if not model.strip():
        st.error("A model is required.")
    else:
        st.session_state["llm_overrides"] = {"MASTERY_LLM_MODEL": model.strip(),
                                             "MASTERY_LLM_API_BASE": api_base.strip(),
                                             "MASTERY_LLM_API_KEY": api_key, "MASTERY_LLM_TIMEOUT": str(timeout),
                                             "MASTERY_LLM_CONCURRENCY": str(concurrency)}
        st.rerun()
if clear:
    st.session_state.pop("llm_overrides", None)
    st.rerun()
if current:
    from app.widgets.llm_panel import connection_test

    connection_test(current)

st.subheader("Your data")


st.markdown(f"Database: `{default_db_path()}` (set `MASTERY_HOME` to move it).")
st.download_button("Export all progress (JSON)", json.dumps(export_progress(state.store()), indent=1),
                   file_name="mastery-progress.json", mime="application/json", key="export_json")
upload = st.file_uploader("Import progress from an export (adds to your progress; removes nothing unless you "
                          "choose to replace all)", type=["json"], key="import_json")
if upload is not None:
    replace = st.checkbox("Replace all my progress with this file (removes what the file does not have)",
                          key="import_replace")
    raw, known = upload.getvalue(), known_items(state.catalog())
    plan, problem = preview_upload(state.store(), raw, replace, known)  # the dry run, shown before confirming
    if problem:
        st.error(problem)
    else:
        st.info(("Replacing all your progress with this file: " if replace else "Importing this file: ")
                + plan.summary())
        if st.button("Replace all my progress" if replace else "Import", key="import_confirm", type="primary"):
            done, problem = apply_upload(state.store(), raw, replace, known)
            if problem:
                st.error(problem)
            else:
                st.success("Imported: " + done.summary())


@st.cache_data(show_spinner=False, max_entries=2)
def _anki_bytes(n_questions: int) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mastery.apkg"
        export_anki(state.catalog().bank.questions, path)
        return path.read_bytes()


if st.button("Prepare an Anki deck of the question bank", key="anki_prepare"):
    st.session_state["anki_ready"] = True
if st.session_state.get("anki_ready"):
    st.download_button("Download the Anki deck (.apkg)", _anki_bytes(len(state.catalog().bank.questions)),
                       file_name="mastery-questions.apkg", key="anki_download")
