"""The Question model: one interview question with its reference answer, as authored in YAML."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from question_bank.content_files import NonEmptyText, Slug, duplicates

QuestionType = Literal["concept", "trade-off", "scenario", "estimation", "coding-concept", "behavioral"]
Difficulty = Literal["easy", "medium", "hard"]
Role = Literal["backend-ai-engineer", "ml-platform-engineer", "ai-research-engineer"]
CompanyStyle = Literal["meta", "google", "openai", "general"]

QUESTION_TYPES: tuple[str, ...] = get_args(QuestionType)
DIFFICULTIES: tuple[str, ...] = get_args(Difficulty)
ROLES: tuple[str, ...] = get_args(Role)
COMPANY_STYLES: tuple[str, ...] = get_args(CompanyStyle)


class FollowUp(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    question: NonEmptyText
    answer: NonEmptyText


class QuestionMisconception(BaseModel):
    """Optional: a wrong claim about this question; an answer asserting it is scored as wrong."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    claim: NonEmptyText
    phrasings: list[NonEmptyText] = Field(min_length=2)
    correction: NonEmptyText


def _general_style() -> list[CompanyStyle]:
    return ["general"]


def _no_duplicates(values: list[str], what: str) -> list[str]:
    dupes = duplicates(values)
    if dupes:
        raise ValueError(f"duplicate {what}: {', '.join(dupes)}")
    return values


class Question(BaseModel):
    """Structure only. Editorial rules for the shipped bank (answer length, key-point counts,
    follow-up share) live in the content tests, so a user's own imported questions may be terser."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    area: Slug
    topic: Slug
    type: QuestionType
    difficulty: Difficulty
    roles: list[Role] = Field(min_length=1)
    company_style: list[CompanyStyle] = Field(default_factory=_general_style, min_length=1)
    prompt: NonEmptyText
    answer: NonEmptyText
    key_points: list[NonEmptyText] = Field(default_factory=list, max_length=7)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    tags: list[Slug] = Field(default_factory=list)
    sources: list[NonEmptyText] = Field(default_factory=list)
    misconceptions: list[QuestionMisconception] = Field(default_factory=list)

    @field_validator("roles", "company_style", "tags")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        return _no_duplicates(values, "entries")


class QuestionFile(BaseModel):
    """A YAML file of questions: `questions: [...]`."""

    model_config = ConfigDict(extra="forbid")
    questions: list[Question] = Field(min_length=1)
