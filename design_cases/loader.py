"""Loading the design cases: one YAML file per case in design_cases/cases/<id>.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from design_cases.models import DesignCase
from question_bank.content_files import ContentError, display_path, read_yaml, validation_messages
from question_bank.taxonomy import load_taxonomy

CASES_DIR = Path(__file__).with_name("cases")


@dataclass(frozen=True)
class CaseLibrary:
    cases: tuple[DesignCase, ...]
    errors: tuple[str, ...]

    def by_id(self) -> dict[str, DesignCase]:
        return {c.id: c for c in self.cases}


def parse_case_file(path: Path) -> tuple[DesignCase | None, list[str]]:
    try:
        data = read_yaml(path)
    except ContentError as exc:
        return None, exc.messages
    try:
        case = DesignCase.model_validate(data)
    except ValidationError as exc:
        return None, validation_messages(path, exc)
    errors = []
    if case.id != path.stem:
        errors.append(f"{display_path(path)}: id: {case.id!r} must match the file name {path.stem!r}")
    known = load_taxonomy().all_topic_ids()
    for i, topic in enumerate(case.topics):
        if topic not in known:
            errors.append(f"{display_path(path)}: topics[{i}]: unknown topic {topic!r}"
                          " (see question_bank/taxonomy.yaml)")
    return (None if errors else case), errors


def load_cases(cases_dir: Path | None = None) -> CaseLibrary:
    folder = cases_dir or CASES_DIR
    files = sorted(p for p in folder.glob("*.yaml")) if folder.is_dir() else []
    return _load(tuple((str(p), p.stat().st_mtime_ns) for p in files))


@lru_cache(maxsize=4)
def _load(files: tuple[tuple[str, int], ...]) -> CaseLibrary:
    cases: list[DesignCase] = []
    errors: list[str] = []
    for name, _ in files:
        case, problems = parse_case_file(Path(name))
        errors.extend(problems)
        if case is not None:
            cases.append(case)
    # File names are unique in one folder and ids must match them, so ids are unique too.
    return CaseLibrary(tuple(cases), tuple(errors))
