"""Per-process resources shared by the pages (store, content, search index), and their warm-up.

Nothing heavy happens on the first script run: the content (YAML, kata sources), the SQLite layer
(sqlite-utils pulls in pandas) and scikit-learn (the search index) are loaded by one background thread
started at the first run, and the grader's workers (PyTorch included) are warmed by it once that is done.
Pages that need content wait for that thread instead of loading a second copy in parallel.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:
    from app.catalog import Catalog
    from progress.store import Store
    from question_bank.loader import QuestionBank
    from question_bank.search import SearchIndex

FIRST_PAINT_GRACE_S = 0.6
_ready = threading.Event()
_started = threading.Event()
_start_lock = threading.Lock()


def preload() -> None:
    """Start the background warm-up once per process (cheap to call on every run)."""
    with _start_lock:
        if _started.is_set():
            return
        _started.set()
    threading.Thread(target=_warm, args=(threading.current_thread(),), name="mastery-warm-up", daemon=True).start()


def _warm(first_run: threading.Thread) -> None:
    # Let the first page finish first. The script thread ends a few ms after this run, but the browser hears
    # 'script finished' from the server's event loop later, and the imports below (pandas, scikit-learn) hold
    # the GIL and the import lock for long stretches: started at once, they delayed the first paint by 2-3 s
    # (1.9x `streamlit hello`). Measured: the message goes out within ~0.5 s of the run's end when idle.
    if first_run is not threading.main_thread():
        first_run.join(timeout=3.0)
        time.sleep(FIRST_PAINT_GRACE_S)
    try:
        import progress.scheduling  # noqa: F401 - fsrs
        import progress.store  # noqa: F401 - sqlite-utils and pandas
        from app.catalog import load_catalog

        load_catalog()
    except Exception:  # the page that needs it will load it again and show the error
        pass
    finally:
        _ready.set()
    try:
        import sqlite_utils  # noqa: F401 - and pandas (~1 s), for the first page that lists attempts

        import question_bank.search  # noqa: F401 - scikit-learn (~2 s), for the first search
    except Exception:
        pass
    _freeze_loaded_heap()
    _warm_grader()


def _freeze_loaded_heap() -> None:
    """Move what is loaded by now (libraries, content) out of the cyclic garbage collector's reach.

    A full collection walks every tracked object: with this heap about 170,000 of them, 100-400 ms with the
    GIL held, in the middle of whichever click triggers it. These objects live as long as the server, so the
    collector has nothing to find among them; frozen, a full collection only walks what came later.
    No collection first: it would be one more such pause, and after loading it finds a few dozen objects.
    Only in a real server (AppTest and the CLI leave their process alone)."""
    import gc

    if _in_tests():
        return
    gc.freeze()


def _in_tests() -> bool:
    import sys

    return "streamlit.testing" in sys.modules or "pytest" in sys.modules


def _serving() -> bool:
    # Only a real server warms the grader (AppTest runs and the CLI must not start sandbox workers).
    import os

    flag = os.environ.get("MASTERY_WARM_GRADER")
    if flag is not None:
        return flag == "1"
    return not _in_tests()


def _warm_grader() -> None:
    """The first PyTorch grade paid for starting a worker and importing torch (6.5 s): grade a starter of
    each runtime once the app has been idle for a moment, so the workers and the reference pool are warm."""
    if not _serving():
        return

    time.sleep(2.0)  # let the first page finish drawing before two processes start importing
    started = time.monotonic()
    try:
        from app.catalog import load_catalog

        katas = load_catalog().katas.katas
        g = _grader_instance()
        for runtime in ("numpy", "torch"):
            entry = next((e for e in katas if e.kata.runtime == runtime), None)
            if entry is not None:
                g.grade(entry.kata.id, entry.starter, samples_only=True)
    except Exception as exc:  # the first grade will start what is missing, and report its own error
        print(f"mastery: grader warm-up failed ({type(exc).__name__}: {exc})", file=sys.stderr, flush=True)
        return
    # One line in the server's log: the browser test waits for it before it times the first PyTorch grade.
    print(f"mastery: grader warm in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)


def content_ready() -> bool:
    return _ready.is_set()


def wait_for_content(timeout: float = 120) -> None:
    if _started.is_set():
        _ready.wait(timeout)


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    # One Store per database file; it gives each script thread its own connection.
    from progress.store import Store

    return Store(path)


def store() -> Store:
    from progress.store import default_db_path

    return _store(str(default_db_path()))


def catalog() -> Catalog:
    # Cheap when nothing changed: the loaders cache on file names, sizes and modification times.
    from app.catalog import load_catalog

    wait_for_content()
    return load_catalog()


@st.cache_resource(show_spinner=False, max_entries=4)
def _index(bank_id: int, _bank: QuestionBank) -> SearchIndex:
    from question_bank.search import SearchIndex

    return SearchIndex(_bank.questions)


def search_index(bank: QuestionBank) -> SearchIndex:
    # The loader returns the same QuestionBank object until a file changes, so its id is the key.
    return _index(id(bank), bank)


_grader_lock = threading.Lock()
_grader = None


def _grader_instance():
    # One grader for the server: its warm workers serve every session (requests are serialised).
    # It lives in a grader host process of its own, so the process that forks submitted code never
    # descends from the Streamlit server. A plain module global (not st.cache_resource) so the warm-up
    # thread can create it too.
    global _grader
    with _grader_lock:
        if _grader is None:
            from evaluators.grader_host import RemoteGrader

            _grader = RemoteGrader()
        return _grader


def grader():
    return _grader_instance()


_prepared: set[str] = set()


def prepare_kata(kata_id: str) -> None:
    """Once per kata and server: compute its reference values in the grader host, in the background, while
    the user reads the prompt (kmeans' first grade spent 330 of its 400 ms on them). Real server only."""
    if not _serving() or kata_id in _prepared:
        return
    _prepared.add(kata_id)

    def run() -> None:
        with contextlib.suppress(Exception):  # the first grade computes them itself, and reports any error
            _grader_instance().prepare(kata_id)

    threading.Thread(target=run, name=f"mastery-prepare-{kata_id}", daemon=True).start()


def judge_config():
    """The LLM judge for this browser session: Settings-page values over the environment and secrets."""
    from evaluators.llm_config import load_config

    try:
        secrets = dict(st.secrets)
    except Exception:  # no secrets.toml anywhere: Streamlit raises rather than returning {}
        secrets = {}
    return load_config(overrides=st.session_state.get("llm_overrides"), secrets=secrets)
