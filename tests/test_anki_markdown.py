"""Issue 16, defect 15: Anki answers are Markdown rendered to HTML, not raw Markdown with <br> mid-sentence."""

import sqlite3
import zipfile

from progress.portability import export_anki
from question_bank.loader import load_bank


def test_defect_15_anki_fields_are_rendered_markdown(tmp_path):
    bank = load_bank().questions
    q = next(x for x in bank if "**" in x.answer or "\n- " in x.answer)
    path = tmp_path / "deck.apkg"
    export_anki([q], path)
    with zipfile.ZipFile(path) as z:
        z.extract("collection.anki2", tmp_path)
    (fields,) = sqlite3.connect(tmp_path / "collection.anki2").execute("SELECT flds FROM notes").fetchone()
    prompt, answer, key_points, qid = fields.split("\x1f")
    assert qid == q.id
    assert "**" not in answer and "<br>" not in answer  # no raw Markdown, no forced line breaks
    assert "<p>" in answer and ("<strong>" in answer or "<li>" in answer)
    assert key_points.startswith("<ul>") and key_points.count("<li>") == len(q.key_points)
