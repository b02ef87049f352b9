"""The curriculum taxonomy (area -> topic -> phase), loaded from taxonomy.yaml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from question_bank.content_files import ContentError, NonEmptyText, Slug, duplicates, read_yaml, validation_messages

TAXONOMY_FILE = Path(__file__).with_name("taxonomy.yaml")


# Question counts the shipped bank must reach per topic, by weight (how often the topic comes up in the
# target roles' interview loops; the reasons are in taxonomy.yaml).
QUESTIONS_FOR_WEIGHT = {1: 5, 2: 8, 3: 10, 4: 13, 5: 16}


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    name: NonEmptyText
    phase: int | None = Field(default=None, ge=1, le=6)
    weight: int = Field(default=2, ge=1, le=5)

    @property
    def min_questions(self) -> int:
        return QUESTIONS_FOR_WEIGHT[self.weight]


class Area(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    name: NonEmptyText
    phase: int | None = Field(default=None, ge=1, le=6)
    topics: list[Topic] = Field(min_length=1)

    @field_validator("topics")
    @classmethod
    def _unique_topics(cls, topics: list[Topic]) -> list[Topic]:
        seen = [t.id for t in topics]
        dupes = duplicates(seen)
        if dupes:
            raise ValueError(f"duplicate topic ids: {', '.join(dupes)}")
        return topics


class Taxonomy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    areas: list[Area] = Field(min_length=1)

    @field_validator("areas")
    @classmethod
    def _topics_unique_everywhere(cls, areas: list[Area]) -> list[Area]:
        # Topic ids name a topic on their own (CSV import, filters, names), so they are unique across areas.
        seen = [t.id for a in areas for t in a.topics]
        dupes = duplicates(seen)
        if dupes:
            raise ValueError(f"topic ids used in more than one area: {', '.join(dupes)}")
        return areas

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def topic(self, area_id: str, topic_id: str) -> Topic | None:
        area = self.area(area_id)
        return next((t for t in area.topics if t.id == topic_id), None) if area else None

    def phase_of(self, area_id: str, topic_id: str) -> int | None:
        topic = self.topic(area_id, topic_id)
        area = self.area(area_id)
        if topic is None or area is None:
            return None
        return topic.phase if topic.phase is not None else area.phase

    def check(self, area_id: str, topic_id: str) -> tuple[str, str] | None:
        """None when (area, topic) exists, else (field name, message) for the author."""
        area = self.area(area_id)
        if area is None:
            return "area", f"unknown area {area_id!r} (known: {', '.join(a.id for a in self.areas)})"
        if self.topic(area_id, topic_id) is None:
            known = ", ".join(t.id for t in area.topics)
            return "topic", f"unknown topic {topic_id!r} for area {area_id!r} (known: {known})"
        return None

    def all_topic_ids(self) -> set[str]:
        return {t.id for a in self.areas for t in a.topics}

    def area_names(self) -> dict[str, str]:
        return {a.id: a.name for a in self.areas}

    def topic_names(self) -> dict[str, str]:
        """Topic id -> name (topic ids are unique across areas)."""
        return {t.id: t.name for a in self.areas for t in a.topics}


def parse_taxonomy(path: Path) -> Taxonomy:
    data = read_yaml(path)
    try:
        return Taxonomy.model_validate(data)
    except ValidationError as exc:
        raise ContentError(validation_messages(path, exc)) from exc


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    return parse_taxonomy(TAXONOMY_FILE)
