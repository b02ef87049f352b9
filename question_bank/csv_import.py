"""Importing the user's own questions from CSV (columns: prompt, answer, topic, difficulty, tags).

Every row is validated with the same Question model as the shipped bank. Bad rows are reported by
line and field; good rows are kept. The destination YAML file is replaced atomically (write to a
temporary file, then rename), so an interrupted import leaves the previous file intact.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from question_bank.content_files import MAX_YAML_BYTES, SLUG_PATTERN, ContentError, field_path, read_yaml, size_problem
from question_bank.models import ROLES, Question
from question_bank.taxonomy import Taxonomy, load_taxonomy

REQUIRED_COLUMNS = ("prompt", "answer", "topic", "difficulty")
OPTIONAL_COLUMNS = ("tags",)
IMPORT_FILE_NAME = "imported.yaml"
# Limits (README "Limits"): an 80 MB, 200k-row CSV took 165 s and 3.1 GB before they existed.
MAX_CSV_BYTES = 2 * 1024 * 1024  # ~5,000 questions with paragraph answers; as YAML (x1.7) it stays under 4 MB
MAX_CSV_ROWS = 5_000
MAX_CSV_FIELD_CHARS = 20_000  # one prompt or answer: about 3,000 words
_TAG = re.compile(SLUG_PATTERN)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: ~10x faster for large files


class CsvRefused(ValueError):
    """The file as a whole cannot be read as a question CSV; nothing was imported."""


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    already_present: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the row was kept, with this adjusted
    destination: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _slug(text: str, max_words: int = 8) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:max_words]) or "question"


def _topic_index(taxonomy: Taxonomy) -> dict[str, tuple[str, str]]:
    """Topic id or name, lower-case -> (area, topic): one lookup per row instead of a scan."""
    index: dict[str, tuple[str, str]] = {}
    for area in taxonomy.areas:
        for topic in area.topics:
            index.setdefault(topic.id, (area.id, topic.id))
            index.setdefault(topic.name.lower(), (area.id, topic.id))
    return index


def _normalised_prompt(prompt: str) -> str:
    return " ".join(prompt.lower().split())


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _check_whole_file(text: str) -> None:
    size = len(text.encode("utf-8"))
    too_big = size_problem(size, MAX_CSV_BYTES, "a question CSV (split it into several files)")
    if too_big:
        raise CsvRefused(f"file {too_big}")
    nul = text.find("\x00")
    if nul >= 0:
        raise CsvRefused(f"line {_line_of(text, nul)}: contains a NUL byte; is this a binary file, or saved "
                         "as UTF-16? Save it as UTF-8 CSV")


def _rows(text: str):
    """(line where the row starts, row dict) for each CSV row; CsvRefused on malformed CSV.

    strict=True makes an unterminated quote an error at the end instead of a silent merge of every
    following line into one field; the message gives the line where that row (and quote) began.
    """
    reader = csv.DictReader(io.StringIO(text), strict=True)
    old_limit = csv.field_size_limit(MAX_CSV_FIELD_CHARS)
    try:
        try:
            fieldnames = reader.fieldnames
        except csv.Error as exc:
            raise CsvRefused(f"line 1: header: not valid CSV ({exc})") from None
        yield 1, fieldnames
        previous_end = reader.line_num
        while True:
            start = previous_end + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise CsvRefused(_csv_problem(start, str(exc))) from None
            previous_end = reader.line_num
            yield start, row
    finally:
        csv.field_size_limit(old_limit)


def _csv_problem(line: int, error: str) -> str:
    if "field larger than field limit" in error:
        return (f"line {line}: a field is longer than {MAX_CSV_FIELD_CHARS:,} characters"
                " (the limit for a prompt or answer); nothing was imported")
    if "unexpected end of data" in error:
        return f"line {line}: a quoted field opened here is never closed (unterminated \"); nothing was imported"
    return f"line {line}: not valid CSV ({error}); nothing was imported"


def parse_csv(text: str, taxonomy: Taxonomy | None = None, taken_ids: set[str] | None = None,
              warnings: list[str] | None = None) -> tuple[list[Question], list[str]]:
    """Questions from the good rows, and 'line N: field: problem' for the bad ones.

    A malformed file (NUL byte, unterminated quote, oversized field or file) yields no questions and
    one error naming the line: guessing where rows start after such damage would import garbage.
    Adjustments that keep a row (a dropped tag) go to `warnings` when given.
    """
    try:
        return _parse(text.lstrip("\ufeff"), taxonomy or load_taxonomy(), set(taken_ids or ()),
                      warnings if warnings is not None else [])
    except CsvRefused as exc:
        return [], [str(exc)]


def _parse(text: str, taxonomy: Taxonomy, taken: set[str], warnings: list[str]) -> tuple[list[Question], list[str]]:
    _check_whole_file(text)
    topics = _topic_index(taxonomy)
    rows = _rows(text)
    _, fieldnames = next(rows)
    header = [h.strip().lower() for h in (fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return [], [f"line 1: header: missing column(s) {', '.join(missing)}"
                    f" (need {', '.join(REQUIRED_COLUMNS)}; optional: tags)"]
    unknown = [h for h in header if h not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    errors = [f"line 1: header: unknown column(s) {', '.join(unknown)} are ignored"] if unknown else []
    questions: list[Question] = []
    count = 0
    for line, raw in rows:
        row = {h: (raw.get(f) or "").strip() for f, h in zip(fieldnames, header, strict=True)}
        if not any(row.values()):
            continue  # blank line
        count += 1
        if count > MAX_CSV_ROWS:
            raise CsvRefused(f"line {line}: more than {MAX_CSV_ROWS:,} questions in one file; split it")
        resolved = topics.get(row.get("topic", "").lower())
        if resolved is None:
            errors.append(f"line {line}: topic: unknown topic {row.get('topic')!r}"
                          " (use an id from question_bank/taxonomy.yaml)")
            continue
        area, topic = resolved
        base = f"my-{topic}-{_slug(row.get('prompt', ''))}"
        qid, n = base, 2
        while qid in taken:
            qid, n = f"{base}-{n}", n + 1
        tags = []
        for raw_tag in re.split(r"[;,]", row.get("tags", "")):
            if not raw_tag.strip():
                continue
            tag = _slug(raw_tag, 4) if re.search(r"[a-z0-9]", raw_tag.lower()) else ""
            if len(tag) < 2 or not _TAG.match(tag):
                warnings.append(f"line {line}: tags: {raw_tag.strip()!r} left out:"
                                " a tag needs at least 2 letters or digits")
                continue
            tags.append(tag)
        try:
            # The row's text is untrusted: validating a dict lets pydantic judge the difficulty.
            question = Question.model_validate({
                "id": qid, "area": area, "topic": topic, "difficulty": row.get("difficulty", "").lower(),
                "type": "behavioral" if area == "behavioral" else "concept", "roles": list(ROLES),
                "prompt": row.get("prompt", ""), "answer": row.get("answer", ""), "tags": list(dict.fromkeys(tags)),
            })
        except ValidationError as exc:
            for err in exc.errors():
                name = field_path(tuple(err["loc"]))
                msg = "must be one of easy, medium, hard" if name == "difficulty" else (
                    "is empty" if err["type"] in ("string_too_short", "missing") else err["msg"])
                errors.append(f"line {line}: {name}: {msg}")
            continue
        taken.add(qid)
        questions.append(question)
    return questions, errors


def import_csv(text: str, user_dir: Path, known_ids: set[str] | None = None) -> ImportReport:
    """Add the good rows of a CSV to user_dir/imported.yaml; rows whose prompt is already there are skipped."""
    destination = user_dir / IMPORT_FILE_NAME
    existing: list[dict] = []
    if destination.exists():
        try:
            data = read_yaml(destination)
        except ContentError as exc:
            return ImportReport(errors=[f"cannot add to {destination}: {m}" for m in exc.messages])
        existing = list((data or {}).get("questions") or []) if isinstance(data, dict) else []
    report = ImportReport(destination=destination)
    seen_prompts = {_normalised_prompt(str(q.get("prompt", ""))): str(q.get("id"))
                    for q in existing if isinstance(q, dict)}
    taken = set(known_ids or ()) | {str(q.get("id")) for q in existing if isinstance(q, dict)}
    questions, report.errors = parse_csv(text, taken_ids=taken, warnings=report.warnings)
    new = []
    for q in questions:
        key = _normalised_prompt(q.prompt)
        if key in seen_prompts:
            report.already_present.append(seen_prompts[key])
            continue
        seen_prompts[key] = q.id
        new.append(q.model_dump(exclude_defaults=True))  # the loader fills defaults; keeps the file small
        report.added.append(q.id)
    if new:
        out = yaml.dump({"questions": existing + new}, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)
        too_big = size_problem(len(out.encode("utf-8")), MAX_YAML_BYTES, "a content file")
        if too_big:
            report.errors.append(f"{destination} would become too large: it {too_big}; nothing was imported "
                                 "(remove questions you no longer need from it, or import into a new MASTERY_HOME)")
            report.added = []
            return report
        user_dir.mkdir(parents=True, exist_ok=True)
        _atomic_write(destination, out)
    return report


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
