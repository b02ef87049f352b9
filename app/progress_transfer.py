"""The Settings page's import of a progress export, without streamlit, so tests can drive it directly.

Each function returns (plan, None) or (None, one-line message); the page shows the message as an
st.error. The database changes only in `apply_upload`, in one transaction, or not at all.
"""

from __future__ import annotations

from progress.import_model import ImportError_, Plan
from progress.portability import import_progress, preview_import
from progress.store import Store


def known_items(catalog) -> dict[str, set[str]]:
    """Item type -> ids the app has: progress for anything else is refused on import."""
    return {"question": {q.id for q in catalog.bank.questions}, "kata": {e.kata.id for e in catalog.katas.katas},
            "case": {c.id for c in catalog.cases.cases}}


def _run(action, store: Store, raw: bytes, replace: bool, known: dict[str, set[str]]) -> tuple[Plan | None, str | None]:
    try:  # parse_export_bytes checks the size limit before parsing
        return action(store, raw, replace=replace, known_ids=known), None
    except ImportError_ as exc:
        return None, f"Nothing was imported: {exc}"


def preview_upload(store: Store, raw: bytes, replace: bool, known: dict[str, set[str]]):
    """The dry run shown before the user confirms."""
    return _run(preview_import, store, raw, replace, known)


def apply_upload(store: Store, raw: bytes, replace: bool, known: dict[str, set[str]]):
    return _run(import_progress, store, raw, replace, known)
