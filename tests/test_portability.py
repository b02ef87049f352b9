import json
import sqlite3
import zipfile
from datetime import UTC, datetime

import pytest

from progress.attempts import record_attempt
from progress.drafts import save_draft
from progress.portability import ImportError_, export_anki, export_progress, import_progress
from progress.scheduling import Drills
from progress.store import Store
from question_bank.loader import load_bank


def _populate(store):
    drills = Drills(store, enable_fuzzing=False)
    t = datetime(2026, 11, 1, tzinfo=UTC)
    drills.review("question", "q1", 3, now=t, duration_s=5)
    drills.review("question", "q1", 1, now=t.replace(day=3))
    drills.set_setting("interview_date", "2026-12-15")
    record_attempt(store, "kata", "softmax", "pass", duration_s=300, details={"code": "x"}, at=t)
    save_draft(store, "case", "meta-feed-ranking", "draft text")


def test_export_wipe_import_round_trips_exactly(tmp_path):
    store = Store(tmp_path / "a.db")
    _populate(store)
    exported = export_progress(store)
    wiped = Store(tmp_path / "b.db")
    import_progress(wiped, json.loads(json.dumps(exported)))
    again = export_progress(wiped)
    exported.pop("exported_at"), again.pop("exported_at")
    assert again == exported


def test_invalid_import_changes_nothing(tmp_path):
    store = Store(tmp_path / "a.db")
    _populate(store)
    before = export_progress(store)
    bad = export_progress(store)
    bad["tables"]["attempts"].append({"id": 1, "item_type": "kata", "item_id": "dup", "created_at": "x",
                                      "result": "pass", "details": "{}"})  # duplicate primary key
    with pytest.raises(ImportError_):
        import_progress(store, bad)
    with pytest.raises(ImportError_):
        import_progress(store, {"format": "something else"})
    after = export_progress(store)
    before.pop("exported_at"), after.pop("exported_at")
    assert after == before


def test_anki_package_is_valid_and_stable(tmp_path):
    questions = list(load_bank().questions[:25])
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert export_anki(questions, first) == 25
    export_anki(questions, second)

    def notes(path):
        with zipfile.ZipFile(path) as z:
            z.extract("collection.anki2", path.parent / path.stem)
        db = sqlite3.connect(path.parent / path.stem / "collection.anki2")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute("SELECT guid, flds FROM notes ORDER BY guid").fetchall()

    a, b = notes(first), notes(second)
    assert len(a) == 25 and [g for g, _ in a] == [g for g, _ in b]  # stable ids: re-imports update
    flds = {f.split("\x1f")[3]: f for _, f in a}
    q = questions[0]
    assert q.id in flds and "<script" not in flds[q.id]
    tricky = [x for x in questions if "<" in x.answer or "&" in x.answer]
    for x in tricky:
        assert "&lt;" in flds[x.id] or "&amp;" in flds[x.id]
