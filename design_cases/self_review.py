"""Turning a rubric self-review (a level 1-4 per criterion) into a weighted score out of 100."""

from __future__ import annotations

from design_cases.models import DesignCase


def criterion_score(weight: int, level: int) -> float:
    """Level 1 (missing or wrong) earns nothing, level 4 (excellent) the full weight, linearly between."""
    if not 1 <= level <= 4:
        raise ValueError(f"level must be 1-4, got {level}")
    return weight * (level - 1) / 3


def weighted_score(case: DesignCase, levels: dict[str, int]) -> float:
    missing = [c.id for c in case.rubric.criteria if c.id not in levels]
    if missing:
        raise ValueError(f"no level for: {', '.join(missing)}")
    return round(sum(criterion_score(c.weight, levels[c.id]) for c in case.rubric.criteria), 1)
