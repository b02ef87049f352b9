"""The DesignCase model: a system-design case with its weighted rubric and reference design."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from question_bank.content_files import NonEmptyText, Slug, duplicates
from question_bank.models import FollowUp as QuestionAnswer  # the same {question, answer} pair

Level = Literal["mid", "senior", "staff"]
CaseCompanyStyle = Literal["meta", "google", "openai", "general"]
LEVEL_NAMES = ("missing or wrong", "superficial", "solid", "excellent")


class KeyPoint(BaseModel):
    """A point an interviewer listens for; synonyms are other phrasings that count as covering it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    text: NonEmptyText
    synonyms: list[NonEmptyText] = Field(default_factory=list)


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    name: NonEmptyText
    weight: int = Field(gt=0, le=100)
    # Descriptors for levels 1-4, in order: missing/wrong, superficial, solid, excellent.
    levels: list[NonEmptyText] = Field(min_length=4, max_length=4)
    key_points: list[KeyPoint] = Field(min_length=1)

    @field_validator("key_points")
    @classmethod
    def _unique_key_points(cls, points: list[KeyPoint]) -> list[KeyPoint]:
        dupes = duplicates([p.id for p in points])
        if dupes:
            raise ValueError(f"duplicate key point ids: {', '.join(dupes)}")
        return points


class RedFlag(BaseModel):
    """A case-level mistake (e.g. training on future data); phrasings help the scorer spot it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    text: NonEmptyText
    phrasings: list[NonEmptyText] = Field(default_factory=list)


class Misconception(BaseModel):
    """A confident false claim candidates make about this problem. A sentence asserting it (not negated,
    not quoted as a pitfall) costs the criterion it belongs to; the feedback shows the correction."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    criterion: Slug
    claim: NonEmptyText  # the false claim, stated plainly
    # Sentences as a candidate who believes the claim would write them (the words that make it false).
    phrasings: list[NonEmptyText] = Field(min_length=2)
    correction: NonEmptyText  # what is true instead, and why


class Rubric(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    criteria: list[Criterion] = Field(min_length=1)
    red_flags: list[RedFlag] = Field(default_factory=list)
    misconceptions: list[Misconception] = Field(default_factory=list)

    @model_validator(mode="after")
    def _weights_and_ids(self) -> Rubric:
        total = sum(c.weight for c in self.criteria)
        if total != 100:
            raise ValueError(f"criterion weights must sum to 100 (they sum to {total})")
        dupes = duplicates([c.id for c in self.criteria])
        if dupes:
            raise ValueError(f"duplicate criterion ids: {', '.join(dupes)}")
        dupes = duplicates([m.id for m in self.misconceptions])
        if dupes:
            raise ValueError(f"duplicate misconception ids: {', '.join(dupes)}")
        known = {c.id for c in self.criteria}
        unknown = sorted({m.criterion for m in self.misconceptions} - known)
        if unknown:
            raise ValueError(f"misconceptions name unknown criteria: {', '.join(unknown)}")
        return self


class Requirements(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    functional: list[NonEmptyText] = Field(min_length=1)
    non_functional: list[NonEmptyText] = Field(min_length=1)


class DesignCase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    title: NonEmptyText
    company_style: CaseCompanyStyle
    level: Level
    time_budget_min: int = Field(ge=35, le=60)
    topics: list[Slug] = Field(default_factory=list)
    prompt: NonEmptyText
    clarifying_questions: list[QuestionAnswer] = Field(min_length=1)
    requirements: Requirements
    back_of_envelope: NonEmptyText
    rubric: Rubric
    reference_design: NonEmptyText
    follow_ups: list[QuestionAnswer] = Field(min_length=1)
    pitfalls: list[NonEmptyText] = Field(min_length=1)
