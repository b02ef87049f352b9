"""Loading the kata catalogue: one folder per kata in coding_katas/katas/<id>/."""

from __future__ import annotations

import ast
import os
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from coding_katas.models import KATA_FILES, Kata
from question_bank.content_files import ContentError, display_path, read_yaml, validation_messages
from question_bank.taxonomy import load_taxonomy

KATAS_DIR = Path(__file__).with_name("katas")


@dataclass(frozen=True)
class KataEntry:
    kata: Kata
    folder: Path

    @property
    def prompt(self) -> str:
        return (self.folder / "prompt.md").read_text(encoding="utf-8")

    @property
    def starter(self) -> str:
        return (self.folder / "starter.py").read_text(encoding="utf-8")

    @property
    def solution(self) -> str:
        return (self.folder / "solution.py").read_text(encoding="utf-8")


@dataclass(frozen=True)
class KataCatalogue:
    katas: tuple[KataEntry, ...]
    errors: tuple[str, ...]

    def by_id(self) -> dict[str, KataEntry]:
        return {k.kata.id: k for k in self.katas}


def _defined_names(source: str) -> set[str]:
    tree = ast.parse(source)
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def parse_kata_folder(folder: Path) -> tuple[KataEntry | None, list[str]]:
    where = display_path(folder)
    missing = [f for f in KATA_FILES if not (folder / f).is_file()]
    if missing:
        return None, [f"{where}: missing file(s): {', '.join(missing)}"]
    meta_path = folder / "kata.yaml"
    try:
        data = read_yaml(meta_path)
        kata = Kata.model_validate(data)
    except ContentError as exc:
        return None, exc.messages
    except ValidationError as exc:
        return None, validation_messages(meta_path, exc)
    errors = []
    if kata.id != folder.name:
        errors.append(f"{display_path(meta_path)}: id: {kata.id!r} must match the folder name {folder.name!r}")
    problem = load_taxonomy().check(kata.area, kata.topic)
    if problem:
        errors.append(f"{display_path(meta_path)}: {problem[0]}: {problem[1]}")
    for name in ("starter.py", "solution.py", "test_kata.py"):
        path = folder / name
        try:
            defined = _defined_names(path.read_text(encoding="utf-8"))
        except SyntaxError as exc:
            errors.append(f"{display_path(path)}: line {exc.lineno}: syntax error: {exc.msg}")
            continue
        if name != "test_kata.py":
            absent = [e for e in kata.entry if e not in defined]
            if absent:
                errors.append(f"{display_path(path)}: entry: does not define {', '.join(absent)}")
    return (None if errors else KataEntry(kata, folder)), errors


# folder -> (when its stamp was taken, the stamp). The app and the grader call load_katas on every script
# run and every grade; the ~900 stats of a stamp are taken again at most once a second per folder, so an edit
# to a kata is picked up within a second.
_STAMPS: dict[str, tuple[float, tuple[tuple[str, int], ...]]] = {}
STAMP_TTL_S = 1.0


def load_katas(katas_dir: Path | None = None) -> KataCatalogue:
    folder = katas_dir or KATAS_DIR
    now = time.monotonic()
    taken = _STAMPS.get(str(folder))
    if taken is not None and now - taken[0] < STAMP_TTL_S:
        return _load(taken[1])
    # os.scandir, not pathlib, keeps the ~900 stats to a few ms.
    subdirs: list[str] = []
    if folder.is_dir():
        with os.scandir(folder) as entries:
            subdirs = sorted(e.path for e in entries if e.is_dir() and not e.name.startswith(("_", ".")))
    stamp = tuple((path, _newest_mtime_ns(path)) for path in subdirs)
    _STAMPS[str(folder)] = (now, stamp)
    return _load(stamp)


def _newest_mtime_ns(folder: str) -> int:
    with os.scandir(folder) as entries:
        return max((e.stat().st_mtime_ns for e in entries), default=0)


@lru_cache(maxsize=4)
def _load(stamp: tuple[tuple[str, int], ...]) -> KataCatalogue:
    katas, errors = [], []
    for name, _ in stamp:
        entry, problems = parse_kata_folder(Path(name))
        errors.extend(problems)
        if entry:
            katas.append(entry)
    return KataCatalogue(tuple(katas), tuple(errors))
