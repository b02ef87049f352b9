"""Issue 17: every bad input gets one clear line and changes nothing.

Each row feeds one bad input to the CLI (in-process `main`) or to the Settings page's import handler
and asserts the exit code, the message, that no traceback is printed, that `--json` still yields one
JSON object, and that the database and content files are byte-identical (and logically unchanged)
afterwards.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.catalog import load_catalog
from app.cli import main
from app.progress_transfer import apply_upload, known_items, preview_upload
from progress.attempts import record_attempt
from progress.drafts import save_draft
from progress.mock_interview import create_session
from progress.portability import export_progress
from progress.scheduling import Drills
from progress.store import Store

T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def ids():
    catalog = load_catalog()
    return {"question": catalog.bank.questions[0].id, "kata": catalog.katas.katas[0].kata.id,
            "case": catalog.cases.cases[0].id}


def populate(store: Store, ids: dict) -> None:
    drills = Drills(store, enable_fuzzing=False)
    drills.review("question", ids["question"], 3, now=T0, duration_s=12)
    drills.review("question", ids["question"], 1, now=T0.replace(day=5))
    drills.set_setting("interview_date", "2026-12-15")
    record_attempt(store, "kata", ids["kata"], "pass", duration_s=300, score=1.0, details={"code": "x = 1"}, at=T0)
    record_attempt(store, "case", ids["case"], "self_review", score=62.5, details={"answer": "shard by user"}, at=T0)
    save_draft(store, "case", ids["case"], "draft text")
    create_session(store, load_catalog(), "backend-ai-engineer", seed=3, now=T0)


@pytest.fixture
def world(mastery_home, ids):
    """A home with a populated, closed database (no WAL left) and a user question file."""
    store = Store()
    populate(store, ids)
    export = export_progress(store)
    store.close()
    questions = mastery_home / "questions"
    questions.mkdir()
    (questions / "imported.yaml").write_text(
        "questions:\n- id: my-svm-what-is-a-margin\n  area: machine-learning\n  topic: svm\n  type: concept\n"
        "  difficulty: easy\n  roles: [backend-ai-engineer]\n  prompt: What is a margin?\n"
        "  answer: The distance from the boundary to the nearest points.\n")
    return {"home": mastery_home, "export": export, "ids": ids}


def snapshot(home: Path) -> dict:
    """Bytes of every file in MASTERY_HOME (WAL side files aside) and the database's logical content."""
    files = {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(home.rglob("*")) if p.is_file() and not p.name.endswith(("-wal", "-shm"))}
    db = home / "mastery.db"
    dump = None
    if db.is_file():
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            dump = "\n".join(conn.iterdump())
            conn.close()
        except sqlite3.DatabaseError:
            dump = "not a database"
    return {"files": files, "dump": dump}


def run_cli(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# -- bad progress exports -------------------------------------------------------------------------
def _set(path, value):
    def mutate(export):
        node = export
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        return export
    return mutate


def _deep(depth):
    return lambda export: (json.dumps(export)[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}").encode()


def _duplicate_attempt(export):
    export["tables"]["attempts"].append(copy.deepcopy(export["tables"]["attempts"][0]))
    return export


def _unknown_item(export):
    row = copy.deepcopy(export["tables"]["attempts"][0])
    row.update(id=999, item_id="no-such-kata-here")
    export["tables"]["attempts"].append(row)
    return export


def _add_setting(key, value):
    def mutate(export):
        export["tables"]["settings"].append({"key": key, "value": json.dumps(value)})
        return export
    return mutate


def _mock_state(change):
    def mutate(export):
        row = export["tables"]["mock_sessions"][0]
        row["state"] = json.dumps(change(json.loads(row["state"])))
        return export
    return mutate


def _only(*tables):
    return lambda export: {**export, "tables": {t: export["tables"][t] for t in tables}}


ATT = ("tables", "attempts", 0)
BAD_EXPORTS = [
    # (id, mutation of a valid export -> dict or raw bytes, --replace, message part)
    ("created-at-not-a-time", _set(ATT + ("created_at",), "yesterday-ish"), False,
     "tables.attempts[0].created_at: must be an ISO 8601 UTC time"),
    ("created-at-not-utc", _set(ATT + ("created_at",), "2026-11-02T09:30:00+02:00"), False, "must be in UTC"),
    ("created-at-naive", _set(ATT + ("created_at",), "2026-11-02T09:30:00"), False, "must be in UTC"),
    ("details-not-json", _set(ATT + ("details",), "{not json"), False, "tables.attempts[0].details: must be JSON text"),
    ("details-a-list", _set(ATT + ("details",), "[1, 2]"), False, "details: must be a JSON object"),
    ("details-nan-inside", _set(ATT + ("details",), '{"a": NaN}'), False, "JSON holds NaN, which is not a number"),
    ("details-1e400-inside", _set(ATT + ("details",), '{"a": 1e400}'), False,
     "JSON holds 1e400, which is out of range"),
    ("details-too-deep", _set(ATT + ("details",), "[" * 40 + "]" * 40), False, "nested deeper than 32"),
    ("score-a-string", _set(ATT + ("score",), "0.5"), False, "tables.attempts[0].score"),
    ("score-nan", lambda e: json.dumps(_set(ATT + ("score",), float("nan"))(e)).encode(), False,
     "tables.attempts[0].score: Input should be a finite number"),
    ("duration-1e400", lambda e: json.dumps(e).replace('"duration_s": 300.0', '"duration_s": 1e400').encode(), False,
     "tables.attempts[0].duration_s: Input should be a finite number"),
    ("item-id-a-number", _set(ATT + ("item_id",), 12345), False,
     "tables.attempts[0].item_id: Input should be a valid string"),
    ("item-type-unknown", _set(ATT + ("item_type",), "video"), False, "tables.attempts[0].item_type"),
    ("unknown-item-id", _unknown_item, False, "items this Mastery does not have: kata:no-such-kata-here"),
    ("schema-version-a-list", _set(("schema_version",), [1]), False, "schema_version: must be an integer"),
    ("schema-version-a-string", _set(("schema_version",), "5"), False, "schema_version: must be an integer"),
    ("schema-version-newer", _set(("schema_version",), 999), False, "newer Mastery"),
    ("nesting-100k-deep", _deep(100_000), False, "nested too deeply"),
    ("no-format-marker", lambda e: {k: v for k, v in e.items() if k != "format"}, False,
     "not a Mastery progress export"),
    ("top-level-list", lambda e: [e], False, "not a Mastery progress export"),
    ("truncated", lambda e: json.dumps(e).encode()[:-40], False, "not valid JSON"),
    ("empty-file", lambda e: b"", False, "not valid JSON"),
    ("binary", lambda e: bytes(range(256)) * 4, False, "not UTF-8"),
    ("unknown-table", _set(("tables", "users"), []), False, "tables.users: is not a known field"),
    ("unknown-column", _set(ATT + ("owner",), "me"), False, "tables.attempts[0].owner: is not a known field"),
    ("missing-column", lambda e: (e["tables"]["attempts"][0].pop("result"), e)[1], False,
     "tables.attempts[0].result: is required"),
    ("duplicate-row", _duplicate_attempt, False, "appears twice"),
    ("card-not-a-card", _set(("tables", "review_state", 0, "card"), "{}"), False, "is not a scheduler card"),
    ("rating-out-of-range", _set(("tables", "review_log", 0, "rating"), 7), False, "tables.review_log[0].rating"),
    ("lapses-a-bool", _set(("tables", "review_state", 0, "lapses"), True), False, "tables.review_state[0].lapses"),
    ("suspended-2", _set(("tables", "review_state", 0, "suspended"), 2), False, "tables.review_state[0].suspended"),
    ("setting-not-json", _set(("tables", "settings", 0, "value"), "not json"), False, "tables.settings[0].value"),
    ("setting-retention-a-string", _add_setting("desired_retention", "abc"), False,
     "setting 'desired_retention' must be a number from 0.70 to 0.97"),
    ("setting-interview-date-soon", _set(("tables", "settings", 0, "value"), '"soon"'), False,
     "tables.settings[0]: value: setting 'interview_date' must be a date"),
    ("setting-fsrs-parameters-short", _add_setting("fsrs_parameters", [1, 2, 3]), False,
     "setting 'fsrs_parameters' is not a valid FSRS parameter set"),
    ("mock-state-empty", _mock_state(lambda st: {}), False, "tables.mock_sessions[0]: state: must hold 'current'"),
    ("mock-round-deadline-later", _mock_state(lambda st: {**st, "rounds": [{**st["rounds"][0], "deadline": "later"}]}),
     False, "state: rounds[0].deadline must be an ISO 8601 UTC time"),
    ("replace-with-empty-tables", _only(), True, "replacing all progress needs a complete export"),
    ("replace-with-attempts-only", _only("attempts"), True, "missing review_state"),
]


def _bytes(mutated) -> bytes:
    return mutated if isinstance(mutated, bytes) else json.dumps(mutated).encode()


@pytest.mark.parametrize("name,mutate,replace,message", BAD_EXPORTS, ids=[r[0] for r in BAD_EXPORTS])
def test_cli_import_progress_refuses(world, tmp_path, capsys, name, mutate, replace, message):
    path = tmp_path / "bad.json"
    path.write_bytes(_bytes(mutate(copy.deepcopy(world["export"]))))
    before = snapshot(world["home"])
    code, out, err = run_cli(capsys, ["import-progress", str(path), "--json"] + (["--replace"] if replace else []))
    assert code == 2
    assert message in json.loads(out)["error"] and "nothing was changed" in out
    assert len(err.strip().splitlines()) == 1 and message in err
    assert snapshot(world["home"]) == before


@pytest.mark.parametrize("name,mutate,replace,message", BAD_EXPORTS, ids=[r[0] for r in BAD_EXPORTS])
def test_settings_page_import_refuses(world, name, mutate, replace, message):
    raw = _bytes(mutate(copy.deepcopy(world["export"])))
    before = snapshot(world["home"])
    store = Store()
    known = known_items(load_catalog())
    for handler in (preview_upload, apply_upload):
        plan, problem = handler(store, raw, replace, known)
        assert plan is None and problem.startswith("Nothing was imported: ") and message in problem
        assert "\n" not in problem
    store.close()
    assert snapshot(world["home"]) == before


# -- bad databases --------------------------------------------------------------------------------
def _newer_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()


BAD_DATABASES = [
    ("random-bytes", lambda p: p.write_bytes(os.urandom(8192)), "is not an SQLite database"),
    ("text-file", lambda p: p.write_text("my notes\n" * 50), "is not an SQLite database"),
    ("newer-schema", _newer_database, "newer than this Mastery knows"),
]
DB_VERBS = [
    ["kata", "list", "--json"],
    ["export-progress", "{tmp}/out.json", "--json"],
    ["import-progress", "{tmp}/good.json", "--json"],
    ["kata", "check", "{tmp}/ws", "--json"],
]


@pytest.mark.parametrize("verb", DB_VERBS, ids=lambda v: v[0] + ("-" + v[1] if v[0] == "kata" else ""))
@pytest.mark.parametrize("name,make,message", BAD_DATABASES, ids=[r[0] for r in BAD_DATABASES])
def test_cli_refuses_a_bad_database_and_leaves_it_byte_identical(mastery_home, tmp_path, capsys, monkeypatch,
                                                                  ids, name, make, message, verb):
    (tmp_path / "good.json").write_text(json.dumps({"format": "mastery-progress", "schema_version": 1, "tables": {}}))
    assert main(["kata", "start", ids["kata"], str(tmp_path / "ws")]) == 0
    capsys.readouterr()
    make(mastery_home / "mastery.db")
    before = snapshot(mastery_home)
    raw_before = (mastery_home / "mastery.db").read_bytes()
    monkeypatch.setattr("evaluators.grader.Grader.grade", _no_grading)
    code, out, err = run_cli(capsys, [a.format(tmp=tmp_path) for a in verb])
    assert code == 2 and message in json.loads(out)["error"]
    assert len(err.strip().splitlines()) == 1
    assert (mastery_home / "mastery.db").read_bytes() == raw_before
    assert sorted(p.name for p in mastery_home.iterdir()) == ["mastery.db"]  # no -wal/-shm created either
    assert snapshot(mastery_home) == before
    assert not (tmp_path / "out.json").exists()


def _no_grading(*args, **kwargs):
    raise AssertionError("graded although the database cannot take the result")


@pytest.mark.parametrize("verb", [["validate", "--json"], ["grade", "{kata}", "{tmp}/s.py", "--json"],
                                  ["score", "{case}", "{tmp}/a.md", "--json"], ["import-questions", "{tmp}/q.csv"]],
                         ids=lambda v: v[0])
def test_verbs_without_the_database_warn_about_a_bad_one(mastery_home, tmp_path, capsys, monkeypatch, ids, verb):
    (mastery_home / "mastery.db").write_text("not a database")
    (tmp_path / "s.py").write_text("x = 1\n")
    (tmp_path / "a.md").write_text("an answer")
    (tmp_path / "q.csv").write_text("prompt,answer,topic,difficulty\n")
    monkeypatch.setattr("evaluators.grader.Grader.grade", _no_grading)
    code, out, err = run_cli(capsys, [a.format(tmp=tmp_path, **ids) for a in verb])
    if "--json" in verb:
        json.loads(out)  # stdout is still only one JSON object
    assert "warning:" in err and "is not an SQLite database" in err
    assert (mastery_home / "mastery.db").read_text() == "not a database"


# -- bad files given to other verbs ---------------------------------------------------------------
def _csv(body: str) -> str:
    return "prompt,answer,topic,difficulty,tags\nWhat is a margin?,The gap,svm,easy,\n" + body


def _workspace(tmp_path, ids, solution: bytes | None = None, symlink: bool = False) -> str:
    folder = tmp_path / "ws"
    assert main(["kata", "start", ids["kata"], str(folder)]) == 0
    target = folder / "solution.py"
    if solution is not None:
        target.write_bytes(solution)
    if symlink:
        real = tmp_path / "elsewhere.py"
        real.write_text(target.read_text())
        target.unlink()
        target.symlink_to(real)
    return str(folder)


BAD_FILES = [
    # (id, setup(tmp_path, ids) -> argv, exit code, message part)
    ("csv-nul-byte", lambda t, i: ["import-questions", _write(t / "q.csv", _csv("Q2?\x00,A,svm,easy,\n"))], 1,
     "line 3: contains a NUL byte"),
    ("csv-unterminated-quote",
     lambda t, i: ["import-questions", _write(t / "q.csv", _csv('Q2?,"open,svm,easy,\nQ3?,A,svm,easy,\n'))],
     1, "line 3: a quoted field opened here is never closed"),
    ("csv-field-over-131072",
     lambda t, i: ["import-questions", _write(t / "q.csv", _csv("Q2?," + "x" * 140_000 + ",svm,easy,\n"))],
     1, "line 3: a field is longer than 20,000 characters"),
    ("csv-over-2mb", lambda t, i: ["import-questions", _write(t / "q.csv", _csv("Q2?,A,svm,easy,\n" * 300_000))], 2,
     "the limit for a question CSV is 2.0 MB"),
    ("csv-binary", lambda t, i: ["import-questions", _write(t / "q.csv", b"\xff\xfe\x00p\x00r")], 2, "not UTF-8 text"),
    ("csv-no-such-file", lambda t, i: ["import-questions", str(t / "absent.csv")], 2, "no such file"),
    ("kata-check-binary-solution",
     lambda t, i: ["kata", "check", _workspace(t, i, solution=b"\x89PNG\r\n\x1a\n\xff\xfe")],
     2, "not UTF-8 text"),
    ("kata-check-symlinked-solution", lambda t, i: ["kata", "check", _workspace(t, i, symlink=True)], 2,
     "is a symbolic link"),
    ("kata-check-huge-solution", lambda t, i: ["kata", "check", _workspace(t, i, solution=b"# x\n" * 70_000)], 2,
     "the limit for a solution file is 256 KB"),
    ("kata-check-not-a-workspace", lambda t, i: ["kata", "check", str(t)], 2,
     "was not started with `mastery kata start`"),
    ("grade-binary-solution", lambda t, i: ["grade", i["kata"], _write(t / "s.py", b"\xff\xfe\x00\x00")], 2,
     "not UTF-8 text"),
    ("grade-huge-solution", lambda t, i: ["grade", i["kata"], _write(t / "s.py", "x = 1\n" * 50_000)], 2,
     "the limit for a solution file is 256 KB"),
    ("grade-unknown-kata", lambda t, i: ["grade", "no-such-kata", _write(t / "s.py", "x = 1\n")], 2, "unknown kata"),
    ("grade-a-fifo", lambda t, i: ["grade", i["kata"], _fifo(t / "pipe")], 2, "is not a regular file"),
    ("kata-start-under-a-file", lambda t, i: ["kata", "start", i["kata"], _write(t / "f", "x") + "/sub"], 2,
     "cannot write the kata folder (Not a directory"),
    ("grade-folder-as-file", lambda t, i: ["grade", i["kata"], str(t)], 2, "is a folder, not a file"),
    ("score-unknown-case", lambda t, i: ["score", "no-such-case", _write(t / "a.md", "answer")], 2, "unknown case"),
    ("score-huge-answer", lambda t, i: ["score", i["case"], _write(t / "a.md", "word " * 60_000)], 2,
     "the limit for a design answer is 100 KB"),
    ("score-binary-answer", lambda t, i: ["score", i["case"], _write(t / "a.md", b"\xff\xd8\xff\xe0")], 2,
     "not UTF-8 text"),
    ("import-progress-no-such-file", lambda t, i: ["import-progress", str(t / "absent.json")], 2, "no such file"),
    ("import-progress-over-192mb", lambda t, i: ["import-progress", _sparse(t / "big.json", 200 * 2**20)], 2,
     "the limit for a progress export is 192.0 MB"),
    ("export-progress-to-a-folder", lambda t, i: ["export-progress", str(t)], 2, "is a folder"),
    ("usage-missing-arguments", lambda t, i: ["grade"], 2, "the following arguments are required"),
    ("usage-unknown-verb", lambda t, i: ["frobnicate"], 2, "invalid choice"),
]


def _write(path: Path, content: str | bytes) -> str:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return str(path)


def _sparse(path: Path, size: int) -> str:
    with path.open("wb") as fh:
        fh.truncate(size)
    return str(path)


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize("name,setup,code,message", BAD_FILES, ids=[r[0] for r in BAD_FILES])
def test_cli_refuses_bad_files(world, tmp_path, capsys, monkeypatch, name, setup, code, message, as_json):
    argv = setup(tmp_path, world["ids"])
    capsys.readouterr()
    inputs = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.stat().st_size < 2**20}  # not FIFOs
    before = snapshot(world["home"])
    monkeypatch.setattr("evaluators.grader.Grader.grade", _no_grading)
    if as_json and argv[0] in ("grade", "score", "import-progress", "export-progress"):
        argv = argv + ["--json"]
    got, out, err = run_cli(capsys, argv)
    assert got == code, err
    assert message in err
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err
    if "--json" in argv:
        assert message in json.loads(out)["error"]
    assert snapshot(world["home"]) == before
    assert {p: p.read_bytes() for p in inputs} == inputs  # the user's files are not touched either


def test_csv_short_tag_keeps_the_row_and_says_why(mastery_home, tmp_path, capsys):
    path = tmp_path / "q.csv"
    path.write_text("prompt,answer,topic,difficulty,tags\nWhat is a margin?,The gap,svm,easy,a;kernels\n")
    code, out, err = run_cli(capsys, ["import-questions", str(path)])
    assert code == 0 and "added 1 question(s)" in out
    assert "tags: 'a' left out: a tag needs at least 2 letters or digits" in err
    assert "is empty" not in err
    assert "kernels" in (mastery_home / "questions" / "imported.yaml").read_text()


def test_oversized_user_yaml_is_refused_before_parsing(mastery_home, capsys):
    folder = mastery_home / "questions"
    folder.mkdir()
    big = folder / "huge.yaml"
    big.write_text("questions:\n" + "- {id: q, prompt: p}\n" * 250_000)
    code, out, err = run_cli(capsys, ["validate", "--json"])
    assert code == 1
    assert any("huge.yaml: is" in e and "the limit for a content file" in e for e in json.loads(out)["errors"])


@pytest.mark.parametrize("page", ["views/settings.py", "views/dashboard.py", "views/katas.py"])
@pytest.mark.parametrize("name,make,message", BAD_DATABASES, ids=[r[0] for r in BAD_DATABASES])
def test_pages_show_a_bad_database_as_an_error(mastery_home, name, make, message, page):
    from streamlit.testing.v1 import AppTest

    make(mastery_home / "mastery.db")
    raw = (mastery_home / "mastery.db").read_bytes()
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app" / "main.py"), default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert message in at.error[0].value
    assert (mastery_home / "mastery.db").read_bytes() == raw
    assert sorted(p.name for p in mastery_home.iterdir()) == ["mastery.db"]


APPTEST_ROWS = ["created-at-not-a-time", "details-not-json", "schema-version-a-list", "nesting-100k-deep",
                "unknown-item-id", "binary"]


@pytest.mark.parametrize("row", [r for r in BAD_EXPORTS if r[0] in APPTEST_ROWS], ids=lambda r: r[0])
def test_settings_page_upload_of_a_bad_export_is_an_error(world, row):
    """The real page through AppTest: upload, see one st.error, no exception, nothing changed."""
    from streamlit.testing.v1 import AppTest

    name, mutate, replace, message = row
    raw = _bytes(mutate(copy.deepcopy(world["export"])))
    before = snapshot(world["home"])
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app" / "main.py"), default_timeout=60)
    at.run()
    at.switch_page("views/settings.py").run()
    at.file_uploader(key="import_json").upload("bad.json", raw, "application/json").run()
    assert not at.exception
    assert any(message in e.value and e.value.startswith("Nothing was imported") for e in at.error), \
        [e.value for e in at.error]
    assert not [b for b in at.button if b.key == "import_confirm"]  # no way to apply a refused file
    del at
    assert snapshot(world["home"]) == before
