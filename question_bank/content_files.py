"""Reading content files and turning every failure into a message that names the file and field.

Shared by the question bank, the kata catalogue and the design cases: all content is YAML validated
by pydantic, and an author needs `path: field.path: what is wrong`, never a bare traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import StringConstraints, ValidationError
from pydantic_core import ErrorDetails

# Ids are stable slugs: progress in the database is keyed on them. Underscores are allowed because
# the required kata ids use them (lru_cache, cross_entropy).
SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=2, max_length=80)]
NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

# Size limits at every entry point (documented in README "Limits"). They sit far above real content
# (the largest shipped YAML is 34 KB, the longest reference solution 6 KB) and far below what makes
# parsing slow: a 55 MB YAML took 44 s and 1.5 GB to validate, so a file is refused before parsing.
MAX_YAML_BYTES = 4 * 1024 * 1024  # per content file (about 8,000 questions)
MAX_SOLUTION_BYTES = 256 * 1024  # a kata solution.py
MAX_ANSWER_BYTES = 100 * 1024  # a free-form answer (about 15,000 words; only the best 3,000 words are scored)


def _human(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


def size_problem(size: int, limit: int, what: str) -> str | None:
    """'is 5.1 MB; the limit for WHAT is 4.0 MB' when size exceeds limit, else None."""
    if size <= limit:
        return None
    return f"is {_human(size)}; the limit for {what} is {_human(limit)}"


# libyaml's parser is about 10x faster than the pure-Python one; both report line numbers.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def duplicates(values: list[str]) -> list[str]:
    """Values that occur more than once, sorted (for 'duplicate ids' messages)."""
    return sorted({v for v in values if values.count(v) > 1})


class ContentError(Exception):
    """One or more problems in content files; `messages` holds one line per problem."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def display_path(path: Path) -> str:
    """Paths relative to the working directory when possible, so messages stay short."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors become a ContentError naming the file and line."""
    try:
        too_big = size_problem(path.stat().st_size, MAX_YAML_BYTES, "a content file (split it into several files)")
        if too_big:
            raise ContentError([f"{display_path(path)}: {too_big}"])
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([f"{display_path(path)}: cannot read file: {exc}"]) from exc
    try:
        return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError([f"{display_path(path)}: {where}invalid YAML: {problem}"]) from exc


def field_path(loc: tuple[Any, ...]) -> str:
    """('questions', 3, 'difficulty') -> 'questions[3].difficulty'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _message(err: ErrorDetails) -> str:
    kind = err.get("type")
    ctx = err.get("ctx") or {}
    if kind == "literal_error" and "expected" in ctx:
        # pydantic says "Input should be 'a', 'b' or 'c'"; authors read "must be one of a, b, c".
        allowed = re.findall(r"'([^']*)'", str(ctx["expected"]))
        if allowed:
            return f"must be one of {', '.join(allowed)}"
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known field (check the spelling)"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        return (
            "must be a slug of lowercase letters and digits joined by single hyphens or underscores"
            f" (got {err.get('input')!r})"
        )
    msg = str(err.get("msg", "invalid"))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return msg


def validation_messages(path: Path, exc: ValidationError, prefix: tuple[Any, ...] = ()) -> list[str]:
    """Every pydantic error as `file: field.path: message`."""
    return [
        f"{display_path(path)}: {field_path(prefix + tuple(err['loc']))}: {_message(err)}"
        for err in exc.errors()
    ]
