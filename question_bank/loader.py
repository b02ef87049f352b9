"""Loading the question bank: the shipped YAML files plus the user's own in MASTERY_HOME/questions/.

Each question is validated on its own, so one bad entry is reported (file and field) without hiding
the rest of its file. Results are cached on the files' names, sizes and modification times, so the
app reloads only when content changed (for example after a CSV import).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from question_bank.content_files import ContentError, display_path, read_yaml, validation_messages
from question_bank.models import Question
from question_bank.taxonomy import load_taxonomy

BANK_DIR = Path(__file__).with_name("questions")


@dataclass(frozen=True)
class QuestionBank:
    questions: tuple[Question, ...]
    errors: tuple[str, ...]
    # id -> file the question came from; user questions are marked so the UI can say so.
    origin: dict[str, Path] = field(default_factory=dict)
    user_ids: frozenset[str] = frozenset()

    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}


def _yaml_files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def parse_question_file(path: Path) -> tuple[list[Question], list[str]]:
    """Valid questions of one file and the messages for the invalid ones."""
    try:
        data = read_yaml(path)
    except ContentError as exc:
        return [], exc.messages
    where = display_path(path)
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        return [], [f"{where}: questions: must be a list of questions under the key 'questions'"]
    extra = sorted(set(data) - {"questions"})
    errors = [f"{where}: {key}: is not a known field (check the spelling)" for key in extra]
    if not data["questions"]:
        errors.append(f"{where}: questions: must hold at least one question")
    taxonomy = load_taxonomy()
    good: list[Question] = []
    for i, raw in enumerate(data["questions"]):
        try:
            question = Question.model_validate(raw)
        except ValidationError as exc:
            errors.extend(validation_messages(path, exc, prefix=("questions", i)))
            continue
        problem = taxonomy.check(question.area, question.topic)
        if problem:
            errors.append(f"{where}: questions[{i}].{problem[0]}: {problem[1]}")
            continue
        good.append(question)
    return good, errors


def _fingerprint(files: list[Path]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for p in files:
        st = p.stat()
        out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


def load_bank(bank_dir: Path | None = None, user_dir: Path | None = None) -> QuestionBank:
    shipped = _yaml_files(bank_dir or BANK_DIR)
    mine = _yaml_files(user_dir)
    return _load(_fingerprint(shipped), _fingerprint(mine))


@lru_cache(maxsize=512)
def _parse_unchanged(name: str, mtime_ns: int, size: int) -> tuple[tuple[Question, ...], tuple[str, ...]]:
    """parse_question_file, cached per file: a change to one file (the user's, after a CSV import) re-reads
    that file only, and a new MASTERY_HOME does not re-read the shipped bank."""
    good, bad = parse_question_file(Path(name))
    return tuple(good), tuple(bad)


@lru_cache(maxsize=8)
def _load(shipped: tuple, mine: tuple) -> QuestionBank:
    questions: list[Question] = []
    errors: list[str] = []
    origin: dict[str, Path] = {}
    user_ids: set[str] = set()
    for files, is_user in ((shipped, False), (mine, True)):
        for name, mtime_ns, size in files:
            path = Path(name)
            good, bad = _parse_unchanged(name, mtime_ns, size)
            errors.extend(bad)
            for q in good:
                if q.id in origin:
                    errors.append(
                        f"{display_path(path)}: duplicate question id {q.id!r}, "
                        f"also defined in {display_path(origin[q.id])}"
                    )
                    continue
                origin[q.id] = path
                questions.append(q)
                if is_user:
                    user_ids.add(q.id)
    return QuestionBank(tuple(questions), tuple(errors), origin, frozenset(user_ids))
