"""The Kata model: metadata of one coding kata (kata.yaml)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from question_bank.content_files import NonEmptyText, Slug

Runtime = Literal["numpy", "torch", "python"]
KataDifficulty = Literal["easy", "medium", "hard"]
ComparatorKind = Literal["allclose", "exact", "set", "unordered"]

# Files every kata folder holds; the folder name is the kata id.
KATA_FILES = ("kata.yaml", "prompt.md", "starter.py", "solution.py", "test_kata.py")


class Comparator(BaseModel):
    """How a produced value is compared with the reference solution's value.

    allclose: numbers and arrays within rtol/atol, shapes must match, NaN only equals NaN;
    exact: equal after serialisation; set / unordered: same elements ignoring order
    (set also ignores multiplicity)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: ComparatorKind = "allclose"
    rtol: float = Field(default=1e-6, ge=0, le=1)
    atol: float = Field(default=1e-8, ge=0, le=1)


class Kata(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    title: NonEmptyText
    area: Slug
    topic: Slug
    difficulty: KataDifficulty
    time_budget_min: int = Field(ge=5, le=60)
    runtime: Runtime
    # Names the solution module must define (functions or classes).
    entry: list[NonEmptyText] = Field(min_length=1)
    hints: list[NonEmptyText] = Field(min_length=1, max_length=3)
    comparator: Comparator = Comparator()
    # Sandbox limits per scenario: wall-clock seconds and memory above the warm worker's own size.
    time_limit_s: float = Field(default=2.0, gt=0, le=30)
    memory_mb: int = Field(default=1024, ge=64, le=8192)
    tags: list[Slug] = Field(default_factory=list)

    @field_validator("entry")
    @classmethod
    def _identifiers(cls, names: list[str]) -> list[str]:
        bad = [n for n in names if not n.isidentifier()]
        if bad:
            raise ValueError(f"not Python identifiers: {', '.join(bad)}")
        return names
