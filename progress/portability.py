"""Export and import of all progress as JSON, and export of questions as an Anki deck.

The JSON holds every table of the store (attempts, review state and log, mock sessions, settings,
drafts) with the schema version. Import validates the whole file first and then replaces the data in
one transaction: it is never half-applied. API keys are never in the store, so never in an export.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Iterable

from progress.clock import to_db, utc_now
from progress.store import Store

FORMAT = "mastery-progress"
TABLES = {
    "attempts": ("id", "item_type", "item_id", "created_at", "duration_s", "result", "score", "details"),
    "review_state": ("item_type", "item_id", "card", "due", "lapses", "suspended"),
    "review_log": ("id", "item_type", "item_id", "rating", "reviewed_at", "duration_s", "state_before", "kind",
                   "stability_before", "elapsed_days"),
    "mock_sessions": ("id", "role", "seed", "config", "started_at", "deadline", "finished_at", "status", "state",
                      "report"),
    "settings": ("key", "value"),
    "drafts": ("item_type", "item_id", "text", "updated_at"),
}


class ImportError_(ValueError):
    """The file is not a valid Mastery export; nothing was changed."""


def export_progress(store: Store) -> dict:
    data = {"format": FORMAT, "schema_version": store.schema_version, "exported_at": to_db(utc_now()), "tables": {}}
    for table, columns in TABLES.items():
        rows = store.conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
        data["tables"][table] = [dict(zip(columns, r)) for r in rows]
    return data


def _validate(data) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportError_("not a Mastery progress export (missing format marker)")
    if not isinstance(data.get("tables"), dict):
        raise ImportError_("tables: missing")
    for table, rows in data["tables"].items():
        if table not in TABLES:
            raise ImportError_(f"tables.{table}: unknown table")
        if not isinstance(rows, list):
            raise ImportError_(f"tables.{table}: must be a list")
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or set(row) - set(TABLES[table]):
                raise ImportError_(f"tables.{table}[{i}]: unexpected fields")


def import_progress(store: Store, data: dict) -> dict[str, int]:
    """Replace all progress with the export's. Validated first; one transaction; all or nothing."""
    _validate(data)
    if int(data.get("schema_version", 0)) > store.schema_version:
        raise ImportError_("the export comes from a newer Mastery; upgrade before importing")
    counts = {}
    try:
        with store.transaction() as conn:
            for table in TABLES:
                conn.execute(f"DELETE FROM {table}")
            for table, rows in data["tables"].items():
                for row in rows:
                    cols = list(row)
                    conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                 [row[c] for c in cols])
                counts[table] = len(rows)
    except Exception as exc:  # constraint violations and the like: the transaction rolled back
        raise ImportError_(f"the export could not be applied ({exc}); nothing was changed") from exc
    return counts


# -- Anki -------------------------------------------------------------------------------------------
# Fixed ids: Anki matches note types and decks by id, so re-imports update instead of duplicating.
ANKI_MODEL_ID = 1_607_392_319
ANKI_DECK_ID = 2_059_400_110


def _html(markdown_text: str) -> str:
    # Content is Markdown; Anki fields are HTML. Escape everything, keep line breaks.
    return html.escape(markdown_text).replace("\n", "<br>")


def export_anki(questions: Iterable, path: Path, deck_name: str = "Mastery interview questions") -> int:
    import genanki

    model = genanki.Model(
        ANKI_MODEL_ID, "Mastery question",
        fields=[{"name": "Prompt"}, {"name": "Answer"}, {"name": "KeyPoints"}, {"name": "Id"}],
        templates=[{"name": "Card 1", "qfmt": "{{Prompt}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}<br><br><b>Key points</b><br>{{KeyPoints}}"}],
        sort_field_index=3,
    )
    deck = genanki.Deck(ANKI_DECK_ID, deck_name)
    n = 0
    for q in questions:
        note = genanki.Note(
            model=model,
            fields=[_html(q.prompt), _html(q.answer), "<br>".join(f"- {_html(k)}" for k in q.key_points), q.id],
            tags=[q.area, q.topic, q.difficulty], guid=genanki.guid_for("mastery", q.id),
        )
        deck.add_note(note)
        n += 1
    genanki.Package(deck).write_to_file(str(path))
    return n
