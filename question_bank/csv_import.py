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

from question_bank.content_files import ContentError, field_path, read_yaml
from question_bank.models import ROLES, Question
from question_bank.taxonomy import Taxonomy, load_taxonomy

REQUIRED_COLUMNS = ("prompt", "answer", "topic", "difficulty")
OPTIONAL_COLUMNS = ("tags",)
IMPORT_FILE_NAME = "imported.yaml"


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    already_present: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    destination: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _slug(text: str, max_words: int = 8) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:max_words]) or "question"


def _resolve_topic(value: str, taxonomy: Taxonomy) -> tuple[str, str] | None:
    """A topic id ('svm') or name ('Support vector machines'), case-insensitive -> (area, topic)."""
    wanted = value.strip().lower()
    for area in taxonomy.areas:
        for topic in area.topics:
            if wanted in (topic.id, topic.name.lower()):
                return area.id, topic.id
    return None


def _normalised_prompt(prompt: str) -> str:
    return " ".join(prompt.lower().split())


def parse_csv(text: str, taxonomy: Taxonomy | None = None, taken_ids: set[str] | None = None) -> tuple[list[Question], list[str]]:
    """Questions from the good rows, and 'line N: field: problem' for the bad ones."""
    taxonomy = taxonomy or load_taxonomy()
    taken = set(taken_ids or ())
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return [], [f"line 1: header: missing column(s) {', '.join(missing)} (need {', '.join(REQUIRED_COLUMNS)}; optional: tags)"]
    unknown = [h for h in header if h not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    errors = [f"line 1: header: unknown column(s) {', '.join(unknown)} are ignored"] if unknown else []
    reader.fieldnames = header
    questions: list[Question] = []
    previous_end = reader.line_num  # the header's last line
    for row in reader:
        # A quoted field may span lines; report the line where the row starts.
        line, previous_end = previous_end + 1, reader.line_num
        row = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if not any(row.values()):
            continue  # blank line
        resolved = _resolve_topic(row.get("topic", ""), taxonomy)
        if resolved is None:
            errors.append(f"line {line}: topic: unknown topic {row.get('topic')!r} (use an id from question_bank/taxonomy.yaml)")
            continue
        area, topic = resolved
        base = f"my-{topic}-{_slug(row.get('prompt', ''))}"
        qid, n = base, 2
        while qid in taken:
            qid, n = f"{base}-{n}", n + 1
        tags = [_slug(t, 4) for t in re.split(r"[;,]", row.get("tags", "")) if t.strip()]
        try:
            question = Question(
                id=qid, area=area, topic=topic, difficulty=row.get("difficulty", "").lower(),
                type="behavioral" if area == "behavioral" else "concept", roles=list(ROLES),
                prompt=row.get("prompt", ""), answer=row.get("answer", ""), tags=list(dict.fromkeys(tags)),
            )
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
        existing = list((data or {}).get("questions") or [])
    report = ImportReport(destination=destination)
    seen_prompts = {_normalised_prompt(str(q.get("prompt", ""))): q.get("id") for q in existing}
    taken = set(known_ids or ()) | {str(q.get("id")) for q in existing}
    questions, report.errors = parse_csv(text, taken_ids=taken)
    new = []
    for q in questions:
        key = _normalised_prompt(q.prompt)
        if key in seen_prompts:
            report.already_present.append(seen_prompts[key])
            continue
        seen_prompts[key] = q.id
        new.append(q.model_dump(exclude_defaults=False))
        report.added.append(q.id)
    if new:
        user_dir.mkdir(parents=True, exist_ok=True)
        _atomic_write(destination, yaml.safe_dump({"questions": existing + new}, sort_keys=False, allow_unicode=True))
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
