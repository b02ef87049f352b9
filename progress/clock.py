"""Time in UTC, as stored in the database (ISO 8601 with an explicit +00:00 offset)."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    # fsrs insists on tzinfo being exactly timezone.utc, so every datetime here uses it.
    return datetime.now(UTC)


def to_db(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
