"""Export and import of all progress as JSON, and export of questions as an Anki deck.

The JSON holds every table of the store (attempts, review state and log, mock sessions, settings,
drafts) with the schema version. Import validates the whole file first (progress/import_model.py) and
then merges it in one transaction: it is never half-applied, and it removes rows only when the user
asked to replace everything. API keys are never in the store, so never in an export.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from progress.clock import to_db, utc_now
from progress.import_model import (  # noqa: F401 - ImportError_ and TABLES are this module's API
    FORMAT,
    TABLES,
    Export,
    ImportError_,
    Plan,
    apply_plan,
    duplicate_keys,
    parse_export_bytes,
    plan_import,
    unknown_items,
    validate_export,
)
from progress.store import Store


def export_progress(store: Store) -> dict:
    tables: dict[str, list[dict]] = {}
    data = {"format": FORMAT, "schema_version": store.schema_version, "exported_at": to_db(utc_now()),
            "tables": tables}
    for table, columns in TABLES.items():
        rows = store.conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
        tables[table] = [dict(zip(columns, r, strict=True)) for r in rows]  # one value per selected column
    return data


def check_export(store: Store, data: dict | bytes | Export, known_ids: dict[str, set[str]] | None = None) -> Export:
    """Validate a parsed or raw export against this database and content; ImportError_ names the problem."""
    export = data if isinstance(data, Export) else (
        parse_export_bytes(data) if isinstance(data, bytes) else validate_export(data))
    if export.schema_version > store.schema_version:
        raise ImportError_(f"schema_version: the export comes from a newer Mastery (schema {export.schema_version}, "
                           f"this one knows {store.schema_version}); upgrade before importing")
    problems = duplicate_keys(export)
    if problems:
        raise ImportError_("; ".join(problems[:5]))
    if known_ids is not None:
        unknown = unknown_items(export, known_ids)
        if unknown:
            shown = ", ".join(unknown[:10]) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
            raise ImportError_(f"tables: progress for items this Mastery does not have: {shown} (your own questions "
                               "come from MASTERY_HOME/questions: copy that folder first)")
    return export


def preview_import(store: Store, data, *, replace: bool = False, known_ids: dict[str, set[str]] | None = None) -> Plan:
    """The dry run: what an import would add, change and remove per table. Writes nothing."""
    return plan_import(store.conn, check_export(store, data, known_ids), replace=replace)


def import_progress(store: Store, data, *, replace: bool = False,
                    known_ids: dict[str, set[str]] | None = None) -> Plan:
    """Merge an export into the store (or replace everything when `replace`). Validated first; one transaction.

    Without `replace`, rows the file does not mention are kept. `known_ids` (item type -> ids) makes
    progress for unknown items a refusal instead of orphaned rows.
    """
    export = check_export(store, data, known_ids)
    try:
        with store.transaction() as conn:
            plan = plan_import(conn, export, replace=replace)  # planned under the write lock
            apply_plan(conn, plan)
    except ImportError_:
        raise
    except Exception as exc:  # constraint violations and the like: the transaction rolled back
        raise ImportError_(f"the export could not be applied ({exc}); nothing was changed") from exc
    return plan


# -- Anki -------------------------------------------------------------------------------------------
# Fixed ids: Anki matches note types and decks by id, so re-imports update instead of duplicating.
ANKI_MODEL_ID = 1_607_392_319
ANKI_DECK_ID = 2_059_400_110


def _html(markdown_text: str) -> str:
    """Content is Markdown; Anki fields are HTML. Rendered by Python-Markdown (paragraphs, lists, code,
    tables), with raw HTML in the content escaped rather than passed through."""
    import markdown

    md = markdown.Markdown(extensions=["fenced_code", "tables", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md.convert(markdown_text)


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
            fields=[_html(q.prompt), _html(q.answer), _html("\n".join(f"- {k}" for k in q.key_points)), q.id],
            tags=[q.area, q.topic, q.difficulty], guid=genanki.guid_for("mastery", q.id),
        )
        deck.add_note(note)
        n += 1
    genanki.Package(deck).write_to_file(str(path))
    return n
