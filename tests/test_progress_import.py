"""Issue 17, "Must show": export -> import into an empty home -> export is identical; a partial import
without --replace adds and never removes; --replace and the dry run do what they say."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from app.catalog import load_catalog
from app.cli import main
from progress.attempts import record_attempt
from progress.drafts import save_draft
from progress.mock_interview import create_session
from progress.portability import export_progress
from progress.scheduling import Drills
from progress.store import Store

T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def populate(store, catalog):
    q = [x.id for x in catalog.bank.questions[:3]]
    kata, case = catalog.katas.katas[0].kata.id, catalog.cases.cases[0].id
    drills = Drills(store, enable_fuzzing=False)
    for day, qid in enumerate(q):
        drills.review("question", qid, 3, now=T0 + timedelta(days=day), duration_s=9.5)
    drills.review("question", q[0], 1, now=T0 + timedelta(days=7), kind="cram")
    drills.set_setting("interview_date", "2026-12-15")
    record_attempt(store, "kata", kata, "fail", duration_s=600, score=0.4, details={"code": "def f(): ..."}, at=T0)
    record_attempt(store, "case", case, "self_review", score=71.0, details={"answer": "cache, then queue"}, at=T0)
    save_draft(store, "case", case, "half an answer")
    create_session(store, catalog, "backend-ai-engineer", seed=7, now=T0)


def _export_via_cli(capsys, path):
    assert main(["export-progress", str(path)]) == 0
    capsys.readouterr()
    data = json.loads(path.read_text())
    data.pop("exported_at")
    return data


def _home(monkeypatch, path):
    path.mkdir()
    monkeypatch.setenv("MASTERY_HOME", str(path))


def test_export_import_into_empty_home_export_is_identical(tmp_path, monkeypatch, capsys, catalog):
    _home(monkeypatch, tmp_path / "a")
    populate(Store(), catalog)
    first = _export_via_cli(capsys, tmp_path / "first.json")
    assert all(first["tables"][t] for t in first["tables"]), "every table has rows"

    _home(monkeypatch, tmp_path / "b")
    assert main(["import-progress", str(tmp_path / "first.json")]) == 0
    assert "attempts: 2 added" in capsys.readouterr().out
    second = _export_via_cli(capsys, tmp_path / "second.json")
    assert second == first
    # Importing the same file again is a no-op.
    assert main(["import-progress", str(tmp_path / "first.json"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert all(c == {"added": 0, "changed": 0, "removed": 0, "unchanged": len(first["tables"][t])}
               for t, c in out["tables"].items())


def test_partial_import_without_replace_adds_and_never_removes(tmp_path, monkeypatch, capsys, catalog):
    _home(monkeypatch, tmp_path / "a")
    store = Store()
    populate(store, catalog)
    before = export_progress(store)
    kata = catalog.katas.katas[1].kata.id
    partial = {"format": "mastery-progress", "schema_version": 1, "tables": {
        # id 1 is taken here by a different attempt: the new one must be added, not overwrite it.
        "attempts": [{"id": 1, "item_type": "kata", "item_id": kata, "created_at": "2026-11-20T10:00:00.000000+00:00",
                      "duration_s": 120.0, "result": "pass", "score": 1.0, "details": "{}"}],
        "drafts": [{"item_type": "case", "item_id": "x-case", "text": "new draft",
                    "updated_at": "2026-11-20T10:00:00+00:00"}],
    }}
    path = tmp_path / "partial.json"
    path.write_text(json.dumps(partial))
    assert main(["import-progress", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["tables"]["attempts"] == {"added": 1, "changed": 0, "removed": 0, "unchanged": 0}
    assert set(out["tables"]) == {"attempts", "drafts"}  # tables the file does not mention are not touched

    after = export_progress(store)
    for table, rows in before["tables"].items():
        for row in rows:
            assert row in after["tables"][table], (table, row)  # nothing removed or altered
    new = [a for a in after["tables"]["attempts"] if a["item_id"] == kata]
    assert len(new) == 1 and new[0]["id"] not in {a["id"] for a in before["tables"]["attempts"]}
    assert len(after["tables"]["drafts"]) == len(before["tables"]["drafts"]) + 1

    # An empty "tables" (the export that used to wipe everything) changes nothing.
    path.write_text(json.dumps({"format": "mastery-progress", "schema_version": 1, "tables": {}}))
    assert main(["import-progress", str(path)]) == 0
    capsys.readouterr()
    again = export_progress(store)
    after.pop("exported_at"), again.pop("exported_at")
    assert again == after


def test_replace_needs_a_complete_export_and_dry_run_changes_nothing(tmp_path, monkeypatch, capsys, catalog):
    _home(monkeypatch, tmp_path / "other")
    other = Store()
    Drills(other, enable_fuzzing=False).review("question", catalog.bank.questions[5].id, 4, now=T0)
    (tmp_path / "other.json").write_text(json.dumps(export_progress(other)))

    _home(monkeypatch, tmp_path / "mine")
    store = Store()
    populate(store, catalog)
    before = export_progress(store)
    n_attempts = len(before["tables"]["attempts"])

    assert main(["import-progress", str(tmp_path / "other.json"), "--replace", "--dry-run", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["applied"] is False
    assert plan["tables"]["attempts"] == {"added": 0, "changed": 0, "removed": n_attempts, "unchanged": 0}
    assert plan["tables"]["review_log"]["added"] == 1
    dry = export_progress(store)
    before.pop("exported_at"), dry.pop("exported_at")
    assert dry == before

    assert main(["import-progress", str(tmp_path / "other.json"), "--replace"]) == 0
    assert f"attempts: {n_attempts} removed" in capsys.readouterr().out
    replaced = export_progress(store)
    wanted = json.loads((tmp_path / "other.json").read_text())
    replaced.pop("exported_at"), wanted.pop("exported_at")
    assert replaced == wanted


def test_imported_progress_loads_in_the_pages_code(tmp_path, monkeypatch, capsys, catalog):
    """What import accepts, the app can read (the bug: accepted rows broke the Progress page)."""
    from progress.attempts import attempts_for
    from progress.dashboard import build
    from progress.mock_interview import load, sessions

    _home(monkeypatch, tmp_path / "a")
    populate(Store(), catalog)
    _export_via_cli(capsys, tmp_path / "e.json")
    _home(monkeypatch, tmp_path / "b")
    assert main(["import-progress", str(tmp_path / "e.json")]) == 0
    store = Store()
    kata = catalog.katas.katas[0].kata.id
    assert [a.details["code"] for a in attempts_for(store, "kata", kata)] == ["def f(): ..."]
    assert build(Drills(store), catalog, now=T0 + timedelta(days=10)) is not None
    (session,) = sessions(store)
    assert load(store, session["id"]).rounds


def test_settings_page_previews_then_merges(tmp_path, monkeypatch, catalog):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    _home(monkeypatch, tmp_path / "a")
    store = Store()
    populate(store, catalog)
    before = export_progress(store)
    kata = catalog.katas.katas[1].kata.id
    partial = {"format": "mastery-progress", "schema_version": 1, "tables": {"attempts": [
        {"id": 1, "item_type": "kata", "item_id": kata, "created_at": "2026-11-21T08:00:00+00:00",
         "result": "pass", "score": 1.0, "details": "{}"}]}}
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app" / "main.py"), default_timeout=60)
    at.run()
    at.switch_page("views/settings.py").run()
    at.file_uploader(key="import_json").upload("p.json", json.dumps(partial).encode(), "application/json").run()
    assert not at.exception
    assert any("Importing this file: attempts: 1 added" in i.value for i in at.info), [i.value for i in at.info]
    assert len(export_progress(store)["tables"]["attempts"]) == len(before["tables"]["attempts"])  # preview only

    at.checkbox(key="import_replace").check().run()
    assert any("replacing all progress needs a complete export" in e.value for e in at.error)
    at.checkbox(key="import_replace").uncheck().run()
    next(b for b in at.button if b.key == "import_confirm").click().run()
    assert any("Imported: attempts: 1 added" in s.value for s in at.success), [s.value for s in at.success]
    after = export_progress(store)
    assert len(after["tables"]["attempts"]) == len(before["tables"]["attempts"]) + 1
    for table, rows in before["tables"].items():
        assert all(r in after["tables"][table] for r in rows), table
