import streamlit as st

from app import state

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
    timeout = st.number_input("Timeout (seconds)", min_value=5, max_value=600, value=60, key="llm_timeout")
    c1, c2 = st.columns(2)
    save = c1.form_submit_button("Use for this session", type="primary")
    clear = c2.form_submit_button("Clear session settings")
if save:
    if not model.strip():
        st.error("A model is required.")
    else:
        st.session_state["llm_overrides"] = {"MASTERY_LLM_MODEL": model.strip(), "MASTERY_LLM_API_BASE": api_base.strip(),
                                             "MASTERY_LLM_API_KEY": api_key, "MASTERY_LLM_TIMEOUT": str(timeout)}
        st.rerun()
if clear:
    st.session_state.pop("llm_overrides", None)
    st.rerun()

st.subheader("Your data")
from progress.store import default_db_path  # noqa: E402

st.markdown(f"Database: `{default_db_path()}` (set `MASTERY_HOME` to move it).")
