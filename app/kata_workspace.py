"""Practising a kata in your own editor: `mastery kata start` writes a folder, `mastery kata check` grades it.

The folder holds PROMPT.md, solution.py (the starter to edit) and .mastery-kata.json, which records
which kata it is and when it was started, so `check` knows what to grade and how long it took.
No streamlit here: this runs from the shell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coding_katas.loader import KataEntry, load_katas
from progress.clock import from_db, to_db, utc_now

MARKER = ".mastery-kata.json"
SOLUTION = "solution.py"
PROMPT = "PROMPT.md"


class WorkspaceError(Exception):
    """A problem the user can fix; the message says how."""


@dataclass(frozen=True)
class Workspace:
    folder: Path
    kata_id: str
    started_at: datetime


def default_folder(kata_id: str) -> Path:
    return Path.cwd() / "mastery-katas" / kata_id


def start(kata_id: str, folder: Path | None = None) -> Workspace:
    entry = load_katas().by_id().get(kata_id)
    if entry is None:
        raise WorkspaceError(f"unknown kata {kata_id!r}; `mastery kata list` shows the ids")
    folder = folder or default_folder(kata_id)
    if (folder / SOLUTION).exists():
        raise WorkspaceError(f"{folder / SOLUTION} already exists; check it with `mastery kata check {folder}` "
                             "or choose another folder")
    folder.mkdir(parents=True, exist_ok=True)
    started = utc_now()
    (folder / PROMPT).write_text(_prompt(entry), encoding="utf-8")
    (folder / SOLUTION).write_text(entry.starter, encoding="utf-8")
    (folder / MARKER).write_text(json.dumps({"kata": kata_id, "started_at": to_db(started)}, indent=2) + "\n",
                                 encoding="utf-8")
    return Workspace(folder, kata_id, started)


def _prompt(entry: KataEntry) -> str:
    k = entry.kata
    header = (f"<!-- {k.id}: {k.difficulty}, runtime {k.runtime}, budget {k.time_budget_min} min. "
              f"Edit solution.py, then run `mastery kata check` in this folder. -->\n\n")
    hints = "\n".join(f"{i}. {h}" for i, h in enumerate(k.hints, 1))
    return header + entry.prompt.rstrip() + f"\n\n<details><summary>Hints</summary>\n\n{hints}\n\n</details>\n"


def open_workspace(folder: Path) -> Workspace:
    marker = folder / MARKER
    if not marker.is_file():
        raise WorkspaceError(f"{folder} was not started with `mastery kata start` (no {MARKER}); "
                             "run `mastery kata start ID` first")
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        kata_id, started = data["kata"], from_db(data["started_at"])
    except (ValueError, KeyError, TypeError) as exc:
        raise WorkspaceError(f"{marker} is damaged ({exc}); start the kata again in a new folder") from exc
    if kata_id not in load_katas().by_id():
        raise WorkspaceError(f"{marker} names kata {kata_id!r}, which this Mastery does not have")
    if not (folder / SOLUTION).is_file():
        raise WorkspaceError(f"{folder / SOLUTION} is missing; it is the file that gets graded")
    return Workspace(folder, kata_id, started)
