"""The `mastery` command line. Verbs and JSON shapes are a stable contract (see README)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from app.errors import UserError, user_error_types, user_message

APP_MAIN = Path(__file__).with_name("main.py")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse prints usage and exits; here a usage error becomes one line (and JSON with --json)."""

    def error(self, message: str):
        raise _UsageError(f"{self.prog}: {message} (see `{self.prog} --help`)")


def _cmd_app(args: argparse.Namespace) -> int:
    if args.address not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"warning: binding to {args.address}: the app runs submitted code, so anyone who can reach "
            "this address can run code on this machine.",
            file=sys.stderr,
        )
    # app.serve is `streamlit run` with a middleware that refuses non-loopback Host and Origin headers.
    cmd = [
        sys.executable, "-m", "app.serve",
        "--server.address", args.address,
        "--server.port", str(args.port),
        "--browser.gatherUsageStats", "false",
    ]
    if args.headless:
        cmd += ["--server.headless", "true"]
    sys.stdout.flush()
    # Replace this process so signals (Ctrl+C, a test's SIGTERM) reach Streamlit directly.
    os.execv(sys.executable, cmd)
    return 0  # not reached


def _cmd_validate(args: argparse.Namespace) -> int:
    from app.catalog import load_catalog

    catalog = load_catalog()
    errors = catalog.errors
    if args.json:
        print(json.dumps({**catalog.counts(), "errors": errors}))
    else:
        counts = catalog.counts()
        print(f"{counts['questions']} questions, {counts['katas']} katas, {counts['design_cases']} design cases")
        per_topic: dict[str, int] = {}
        for q in catalog.bank.questions:
            per_topic[q.topic] = per_topic.get(q.topic, 0) + 1
        if per_topic:
            thinnest = min(per_topic, key=lambda t: per_topic[t])
            print(f"questions per topic: {min(per_topic.values())}-{max(per_topic.values())} "
                  f"(fewest: {thinnest}); behavioral: {sum(q.area == 'behavioral' for q in catalog.bank.questions)}")
        for e in errors:
            print(f"error: {e}")
        print("valid" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


def _user_file(name: str, limit: int | None = None, what: str = "this file", allow_symlink: bool = True) -> Path:
    """A user-named input file that exists, is regular and within its size limit; else UserError (exit 2)."""
    from question_bank.content_files import size_problem  # lazily: pydantic and yaml cost ~0.5 s at start-up

    path = Path(name)
    if not allow_symlink and path.is_symlink():
        raise UserError(f"{path}: is a symbolic link; copy the file itself there")
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a file")
    if not path.is_file():
        raise UserError(f"{path}: " + ("is not a regular file" if path.exists() else "no such file"))
    if limit is not None:
        too_big = size_problem(path.stat().st_size, limit, what)
        if too_big:
            raise UserError(f"{path}: {too_big}")
    return path


def _read_text(name: str, encoding: str = "utf-8", limit: int | None = None, what: str = "this file",
               allow_symlink: bool = True) -> str:
    path = _user_file(name, limit, what, allow_symlink)
    try:
        return path.read_text(encoding=encoding)
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror})") from None


def _cmd_import_questions(args: argparse.Namespace) -> int:
    from app.catalog import load_catalog, user_questions_dir
    from question_bank.csv_import import MAX_CSV_BYTES, import_csv

    path = Path(args.file)
    text = _read_text(args.file, encoding="utf-8-sig", limit=MAX_CSV_BYTES, what="a question CSV")
    known = {q.id for q in load_catalog().bank.questions}
    try:
        report = import_csv(text, user_questions_dir(), known_ids=known)
    except OSError as exc:
        raise UserError(f"cannot write {user_questions_dir()} ({exc.strerror or exc}); nothing was imported") from None
    for w in report.warnings:
        print(f"{path}: warning: {w}", file=sys.stderr)
    for e in report.errors:
        print(f"{path}: {e}", file=sys.stderr)
    print(f"added {len(report.added)} question(s)"
          + (f", {len(report.already_present)} already present" if report.already_present else "")
          + (f", {len(report.errors)} problem(s)" if report.errors else "")
          + (f" -> {report.destination}" if report.added else ""))
    return 0 if report.ok else 1


def _print_grade(result) -> None:
    icon = {"pass": "PASS", "fail": "FAIL", "error": "ERROR"}[result.status]
    print(f"{icon} {result.kata}: {result.summary['passed']}/{result.summary['total']} tests passed"
          + ("" if result.sandbox == "full" else " (reduced sandbox: " + "; ".join(result.sandbox_notes) + ")"))
    for t in result.tests:
        print(f"  {t.verdict:<3} [{t.visibility}] {t.name}" + ("" if t.verdict == "AC" else f": {t.message}"))
        if t.verdict != "AC" and t.visibility == "sample" and t.got is not None:
            print(f"      expected: {t.expected}\n      got:      {t.got}")
        if t.traceback and t.verdict != "AC":
            print("      " + t.traceback.rstrip().replace("\n", "\n      "))


def _cmd_grade(args: argparse.Namespace) -> int:
    from coding_katas.loader import load_katas
    from evaluators.grader import Grader, UnknownKata
    from question_bank.content_files import MAX_SOLUTION_BYTES

    if args.kata_id not in load_katas().by_id():
        raise UnknownKata(args.kata_id)  # before starting any worker
    source = _read_text(args.solution, limit=MAX_SOLUTION_BYTES, what="a solution file")
    grader = Grader()
    try:
        result = grader.grade(args.kata_id, source)
    finally:
        grader.close()
    if args.json:
        print(json.dumps(result.to_dict()))
    else:
        _print_grade(result)
    return 0 if result.passed else 1


def _cmd_score(args: argparse.Namespace) -> int:
    from design_cases.loader import load_cases
    from evaluators.answer_scoring import score_case_answer
    from question_bank.content_files import MAX_ANSWER_BYTES

    case = load_cases().by_id().get(args.case_id)
    if case is None:
        raise UserError(f"unknown case {args.case_id!r}")
    answer = _read_text(args.answer_file, limit=MAX_ANSWER_BYTES, what="a design answer")
    result = score_case_answer(case, answer, use_llm=args.llm)
    if args.json:
        print(json.dumps(result.to_contract()))
        return 0
    print(f"{case.title}: {result.total:.1f} / 100 ({result.scorer} scorer)")
    if result.fallback_reason:
        print(f"note: fell back to the offline scorer: {result.fallback_reason}")
    for c in result.criteria:
        print(f"  level {c.level}  {c.score:5.1f}/{c.weight:<3} {c.name}")
        for k in c.key_points:
            if k.status != "covered":
                print(f"      {k.status:<8} {k.text}")
    for line in result.feedback:
        print(line)
    return 0


def _cmd_kata(args: argparse.Namespace) -> int:
    from app import kata_workspace as ws
    from coding_katas.loader import load_katas
    from progress.attempts import item_statuses, record_attempt
    from progress.clock import utc_now
    from progress.store import Store
    from question_bank.content_files import MAX_SOLUTION_BYTES

    if args.kata_command == "list":
        statuses = item_statuses(Store(), "kata")
        rows = [{"id": e.kata.id, "title": e.kata.title, "difficulty": e.kata.difficulty, "runtime": e.kata.runtime,
                 "minutes": e.kata.time_budget_min, "status": statuses.get(e.kata.id, "new")}
                for e in load_katas().katas]
        if args.json:
            print(json.dumps(rows))
        else:
            for r in rows:
                print(f"{r['id']:<28} {r['difficulty']:<7} {r['runtime']:<7} {r['minutes']:>3} min  "
                      f"{r['status']:<9} {r['title']}")
        return 0
    if args.kata_command == "start":
        try:
            w = ws.start(args.kata_id, Path(args.dir) if args.dir else None)
        except OSError as exc:  # the folder is a file, or not writable
            raise UserError(f"cannot write the kata folder ({exc.strerror or exc}: {exc.filename})") from None
        print(f"Started {w.kata_id} in {w.folder}\n  read   {w.folder / ws.PROMPT}\n  edit   {w.folder / ws.SOLUTION}\n"
              f"  check  mastery kata check {w.folder}")
        return 0
    w = ws.open_workspace(Path(args.dir or "."))
    source = _read_text(str(w.folder / ws.SOLUTION), limit=MAX_SOLUTION_BYTES, what="a solution file",
                        allow_symlink=False)
    store = Store()  # before grading: a database that cannot take the result must not cost a grading run
    from evaluators.grader import Grader

    with Grader() as grader:
        result = grader.grade(w.kata_id, source)
    duration = (utc_now() - w.started_at).total_seconds()
    entry = load_katas().by_id()[w.kata_id]
    over_time = duration > entry.kata.time_budget_min * 60
    record_attempt(store, "kata", w.kata_id, result.status, duration_s=round(duration, 1),
                   score=result.summary["passed"] / max(1, result.summary["total"]),
                   details={"mode": "cli", "code": source, "verdicts": {t.name: t.verdict for t in result.tests},
                            "summary": result.summary, "sandbox": result.sandbox, "hints_used": 0, "revealed": False,
                            "over_time": over_time})
    if args.json:
        print(json.dumps(result.to_dict()))
    else:
        _print_grade(result)
        print(f"recorded: {result.status}, {duration / 60:.1f} min since start"
              + (" (over the time budget)" if over_time else ""))
    return 0 if result.passed else 1


def _known_items() -> dict[str, set[str]]:
    from app.catalog import load_catalog
    from app.progress_transfer import known_items

    return known_items(load_catalog())


def _cmd_export_progress(args: argparse.Namespace) -> int:
    from progress.portability import export_progress
    from progress.store import Store

    path = Path(args.file)
    if path.is_dir():
        raise UserError(f"{path}: is a folder; name the file to write, e.g. {path / 'mastery-progress.json'}")
    data = export_progress(Store())
    text = json.dumps(data, indent=1) + "\n"
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)  # never a half-written export under the real name
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    counts = {t: len(rows) for t, rows in data["tables"].items()}
    if args.json:
        print(json.dumps({"file": str(path), "tables": counts}))
    else:
        print(f"exported to {path}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
    return 0


def _cmd_import_progress(args: argparse.Namespace) -> int:
    from progress.import_model import MAX_IMPORT_BYTES
    from progress.portability import import_progress, preview_import
    from progress.store import Store

    path = _user_file(args.file, MAX_IMPORT_BYTES, "a progress export")
    raw = path.read_bytes()
    store = Store()
    try:
        if args.dry_run:
            plan = preview_import(store, raw, replace=args.replace, known_ids=_known_items())
        else:
            plan = import_progress(store, raw, replace=args.replace, known_ids=_known_items())
    except UserError:
        raise
    except user_error_types() as exc:
        raise UserError(f"{path}: {user_message(exc)}; nothing was changed") from None
    if args.json:
        print(json.dumps({"file": str(path), "applied": not args.dry_run, "replace": args.replace,
                          "tables": plan.to_dict()}))
    else:
        print(("would import" if args.dry_run else "imported") + f" {path}"
              + (" (replacing all progress)" if args.replace else "") + f": {plan.summary() or 'nothing'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mastery", description="Mastery: AI/ML interview practice, local-first.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("app", help="start the Streamlit app (bound to 127.0.0.1)")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--headless", action="store_true", help="do not open a browser")
    p.add_argument("--address", default="127.0.0.1", help=argparse.SUPPRESS)
    p.set_defaults(func=_cmd_app)

    p = sub.add_parser("validate", help="load and validate all content")
    p.add_argument("--json", action="store_true", help="print one JSON object with counts and errors")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("grade", help="grade a solution file for a kata in the sandbox")
    p.add_argument("kata_id", metavar="KATA_ID")
    p.add_argument("solution", metavar="SOLUTION_FILE")
    p.add_argument("--json", action="store_true", help="print one JSON object with the verdicts")
    p.set_defaults(func=_cmd_grade)

    p = sub.add_parser("score", help="score a design answer against the case's rubric")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("answer_file", metavar="ANSWER_FILE")
    p.add_argument("--json", action="store_true", help="print one JSON object with the scores")
    p.add_argument("--llm", action="store_true", help="use the configured LLM judge (falls back to offline)")
    p.set_defaults(func=_cmd_score)

    p = sub.add_parser("kata", help="practise katas in your own editor: list, start, check")
    kata_sub = p.add_subparsers(dest="kata_command", required=True, metavar="ACTION")
    k = kata_sub.add_parser("list", help="list the katas with your status")
    k.add_argument("--json", action="store_true")
    k = kata_sub.add_parser("start", help="write PROMPT.md and the starter solution.py into a folder")
    k.add_argument("kata_id", metavar="ID")
    k.add_argument("dir", metavar="DIR", nargs="?", help="default: ./mastery-katas/ID/")
    k = kata_sub.add_parser("check", help="grade the folder's solution.py and record the attempt")
    k.add_argument("dir", metavar="DIR", nargs="?", help="default: the current folder")
    k.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_kata)

    p = sub.add_parser("import-questions", help="add your own questions from a CSV file "
                       "(columns: prompt, answer, topic, difficulty, tags)")
    p.add_argument("file", metavar="FILE.csv")
    p.set_defaults(func=_cmd_import_questions)

    p = sub.add_parser("export-progress", help="write all your progress to a JSON file")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print one JSON object with the row counts")
    p.set_defaults(func=_cmd_export_progress)

    p = sub.add_parser("import-progress", help="merge a progress export into yours (--replace to replace all)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--replace", action="store_true",
                   help="replace all progress with the file's (removes what the file does not have)")
    p.add_argument("--dry-run", action="store_true", help="only print what would be added, changed and removed")
    p.add_argument("--json", action="store_true", help="print one JSON object with the per-table changes")
    p.set_defaults(func=_cmd_import_progress)
    return parser


def _fail(message: str, as_json: bool, code: int) -> int:
    """One line on stderr; with --json also the one JSON object on stdout, so a pipe always gets JSON."""
    print(f"error: {message}", file=sys.stderr)
    if as_json:
        print(json.dumps({"error": message}))
    return code


def _check_database_quietly(args: argparse.Namespace) -> None:
    """Verbs that do not use the database still say, on stderr, when it cannot be used."""
    from progress.migrations import MIGRATIONS
    from progress.store import StoreError, check_database_file, default_db_path

    try:
        check_database_file(default_db_path(), len(MIGRATIONS))
    except StoreError as exc:
        print(f"warning: {user_message(exc)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    as_json = "--json" in argv
    try:
        args = build_parser().parse_args(argv)
    except _UsageError as exc:
        return _fail(str(exc), as_json, 2)
    except SystemExit as exc:  # --help (0), or argparse's own exit
        return exc.code if isinstance(exc.code, int) else 0
    try:
        if args.func in (_cmd_validate, _cmd_grade, _cmd_score, _cmd_app, _cmd_import_questions):
            _check_database_quietly(args)
        return args.func(args)
    except BrokenPipeError:  # `mastery kata list | head`: the reader left; that is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if isinstance(exc, user_error_types()):
            return _fail(user_message(exc), as_json, 2)
        if os.environ.get("MASTERY_DEBUG"):
            raise
        # A bug, not the user's input: still one line (MASTERY_DEBUG=1 shows the traceback).
        return _fail(f"internal error ({type(exc).__name__}: {user_message(exc)[:300]}); please report it; "
                     "MASTERY_DEBUG=1 shows the traceback", as_json, 1)


if __name__ == "__main__":
    raise SystemExit(main())
