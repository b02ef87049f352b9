"""Per-process resources shared by the pages (store, content, search index)."""

from __future__ import annotations

import streamlit as st

from app.catalog import Catalog, load_catalog
from progress.store import Store, default_db_path
from question_bank.loader import QuestionBank
from question_bank.search import SearchIndex


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    # One Store per database file; it gives each script thread its own connection.
    return Store(path)


def store() -> Store:
    return _store(str(default_db_path()))


def catalog() -> Catalog:
    # Cheap when nothing changed: the loaders cache on file names, sizes and modification times.
    return load_catalog()


@st.cache_resource(show_spinner=False, max_entries=4)
def _index(bank_id: int, _bank: QuestionBank) -> SearchIndex:
    return SearchIndex(_bank.questions)


def search_index(bank: QuestionBank) -> SearchIndex:
    # The loader returns the same QuestionBank object until a file changes, so its id is the key.
    return _index(id(bank), bank)


@st.cache_resource(show_spinner=False)
def grader():
    # One Grader for the server: its warm workers serve every session (requests are serialised).
    from evaluators.grader import Grader

    return Grader()


def judge_config():
    """The LLM judge for this browser session: Settings-page values over the environment and secrets."""
    from evaluators.llm_config import load_config

    try:
        secrets = dict(st.secrets)
    except Exception:  # no secrets.toml anywhere: Streamlit raises rather than returning {}
        secrets = {}
    return load_config(overrides=st.session_state.get("llm_overrides"), secrets=secrets)
