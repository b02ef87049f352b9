"""Configuration of the optional LLM judge: environment, then secrets.toml, then per-session overrides.

The API key is held in memory only: never written to the database, logs or exports, and never part of
the repr of a JudgeConfig (so it cannot leak through an exception message or a debug print).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TIMEOUT_S = 60.0
# Criterion requests in flight at once: 2 keeps a CPU server's slots busy without queueing the rest
# behind a timeout; raise it for a GPU server started with more parallel slots.
DEFAULT_CONCURRENCY = 2
SECRETS_FILES = (
    Path.cwd() / ".streamlit" / "secrets.toml",
    Path(__file__).resolve().parents[1] / "app" / ".streamlit" / "secrets.toml",
    Path.home() / ".streamlit" / "secrets.toml",
)


@dataclass(frozen=True)
class JudgeConfig:
    model: str
    api_base: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout_s: float = DEFAULT_TIMEOUT_S  # per criterion request
    concurrency: int = DEFAULT_CONCURRENCY

    @property
    def label(self) -> str:
        return f"{self.model}" + (f" at {self.api_base}" if self.api_base else "")


def _secrets() -> dict:
    for path in SECRETS_FILES:
        if path.is_file():
            try:
                return tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                continue
    return {}


def load_config(overrides: dict | None = None, secrets: dict | None = None) -> JudgeConfig | None:
    """None when no model is configured (offline only)."""
    values = {}
    source = secrets if secrets is not None else _secrets()
    for name in ("MASTERY_LLM_MODEL", "MASTERY_LLM_API_BASE", "MASTERY_LLM_API_KEY", "MASTERY_LLM_TIMEOUT",
                 "MASTERY_LLM_CONCURRENCY"):
        value = os.environ.get(name) or source.get(name)
        if value:
            values[name] = str(value)
    for key, value in (overrides or {}).items():
        if value:
            values[key] = str(value)
    model = values.get("MASTERY_LLM_MODEL")
    if not model:
        return None
    try:
        timeout = float(values.get("MASTERY_LLM_TIMEOUT", DEFAULT_TIMEOUT_S))
    except ValueError:
        timeout = DEFAULT_TIMEOUT_S
    try:
        concurrency = min(16, max(1, int(values.get("MASTERY_LLM_CONCURRENCY", DEFAULT_CONCURRENCY))))
    except ValueError:
        concurrency = DEFAULT_CONCURRENCY
    return JudgeConfig(model, values.get("MASTERY_LLM_API_BASE"), values.get("MASTERY_LLM_API_KEY"), timeout,
                       concurrency)
