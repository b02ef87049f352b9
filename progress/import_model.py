"""The validated model of a progress export, and the plan of what importing it would change.

An export is untrusted input: a user may have edited it, truncated it or built it by hand. Every
row is checked here with strict types before anything touches the database, so nothing that later
breaks a page ("yesterday-ish" as a time, "{not json" as details, NaN as a score) gets in:
times are ISO 8601 in UTC, JSON columns must parse (bounded depth, finite numbers), enums are the
database's CHECK values, integers fit SQLite, and sizes are bounded.

Importing merges by default: rows the file does not mention are kept. Only `replace=True`
(the user's explicit "replace all") removes rows, and then the file must name every table, so an
export cut down to `"tables": {}` cannot wipe progress by accident.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails

from question_bank.content_files import field_path

FORMAT = "mastery-progress"
MAX_IMPORT_BYTES = 192 * 1024 * 1024  # 200k reviews + 20k attempts with code export to 128 MB (measured)
MAX_TEXT_CHARS = 1_000_000  # one column's text (an attempt's details hold code and answers)
MAX_JSON_DEPTH = 32  # the app writes at most 4 levels; deeper is not an export of ours
MAX_ROWS_PER_TABLE = 500_000
MAX_ERRORS_SHOWN = 5
SQLITE_INT = dict(ge=-(2**63), le=2**63 - 1)

ItemType = Literal["question", "kata", "case"]


class ImportError_(ValueError):
    """The file is not a valid Mastery export, or cannot be applied; nothing was changed."""


# -- field types ----------------------------------------------------------------------------------
def _utc_time(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"must be an ISO 8601 UTC time such as 2026-11-01T09:30:00+00:00 (got {text[:40]!r})"
        ) from None
    if moment.utcoffset() != timedelta(0):
        raise ValueError(f"must be in UTC with an explicit +00:00 offset (got {text[:40]!r})")
    return text  # kept as written, so export -> import -> export is byte-identical


def _too_deep(value: Any) -> bool:
    """Nesting deeper than MAX_JSON_DEPTH, walked iteratively (no RecursionError on hostile input)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return True
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return False


def _not_a_number(name: str):
    raise ValueError(f"JSON holds {name}, which is not a number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"JSON holds {text[:20]}, which is out of range")
    return value


def _parse_json_text(text: str) -> Any:
    try:
        value = json.loads(text, parse_constant=_not_a_number, parse_float=_finite)
    except RecursionError:
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:
        if "not a number" in str(exc) or "out of range" in str(exc):
            raise
        raise ValueError(f"must be JSON text ({exc})") from None
    # Counting brackets is cheap and bounds the depth; walk only when it cannot rule deep nesting out.
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH and _too_deep(value):
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return value


def _json_object(text: str) -> str:
    if not isinstance(_parse_json_text(text), dict):
        raise ValueError("must be a JSON object (text starting with '{')")
    return text


def _json_any(text: str) -> str:
    _parse_json_text(text)
    return text


def _card(text: str) -> str:
    from fsrs import Card

    value = _parse_json_text(text)
    try:
        Card.from_dict(value)
    except Exception as exc:  # fsrs raises KeyError/TypeError/ValueError on a malformed card
        raise ValueError(f"is not a scheduler card ({type(exc).__name__}: {exc})") from None
    return text


Text = Annotated[str, Field(max_length=MAX_TEXT_CHARS)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
ItemId = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", min_length=2, max_length=200)]
UtcTime = Annotated[str, Field(max_length=64), AfterValidator(_utc_time)]
JsonObject = Annotated[Text, AfterValidator(_json_object)]
JsonAny = Annotated[Text, AfterValidator(_json_any)]
CardJson = Annotated[Text, AfterValidator(_card)]
Seconds = Annotated[float, Field(ge=0, le=10**9, allow_inf_nan=False)]
Number = Annotated[float, Field(ge=-1e12, le=1e12, allow_inf_nan=False)]
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class _Row(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Attempt(_Row):
    id: RowId
    item_type: ItemType
    item_id: ItemId
    created_at: UtcTime
    duration_s: Seconds | None = None
    result: Name
    score: Number | None = None
    details: JsonObject = "{}"


class ReviewState(_Row):
    item_type: ItemType
    item_id: ItemId
    card: CardJson
    due: UtcTime
    lapses: Annotated[int, Field(ge=0, le=10**6)] = 0
    suspended: Literal[0, 1] = 0


class ReviewLog(_Row):
    id: RowId
    item_type: ItemType
    item_id: ItemId
    rating: Literal[1, 2, 3, 4]
    reviewed_at: UtcTime
    duration_s: Seconds | None = None
    state_before: CardJson | None = None
    kind: Literal["scheduled", "cram", "manual"]
    stability_before: Number | None = None
    elapsed_days: Number | None = None


class MockSession(_Row):
    id: Name
    role: Name
    seed: Annotated[int, Field(**SQLITE_INT)]
    config: JsonObject
    started_at: UtcTime
    deadline: UtcTime | None = None
    finished_at: UtcTime | None = None
    status: Literal["running", "finished", "abandoned"]
    state: JsonObject = "{}"
    report: JsonObject | None = None

    @model_validator(mode="after")
    def _state_shape(self):
        # The mock page rebuilds its rounds from this state; a shape it cannot read would break the page.
        problem = _mock_state_problem(json.loads(self.state))
        if problem:
            raise ValueError(f"state: {problem}")
        return self


class Setting(_Row):
    key: Name
    value: JsonAny

    @model_validator(mode="after")
    def _known_setting(self):
        check = KNOWN_SETTINGS.get(self.key)
        if check is not None:
            problem = check(json.loads(self.value))
            if problem:
                raise ValueError(f"value: setting {self.key!r} {problem}")
        return self


class Draft(_Row):
    item_type: Name
    item_id: Name
    text: Text
    updated_at: UtcTime


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _date_or_none(v) -> str | None:
    from datetime import date

    if v is None:
        return None
    try:
        date.fromisoformat(v)
    except (TypeError, ValueError):
        return f"must be a date such as 2026-12-15 or null (got {json.dumps(v)[:40]})"
    return None


def _fsrs_parameters(v) -> str | None:
    from fsrs import Scheduler

    if not isinstance(v, list) or not all(_is_number(x) for x in v):
        return "must be a list of numbers"
    try:
        Scheduler(parameters=tuple(v))
    except Exception as exc:  # fsrs checks count and bounds
        return f"is not a valid FSRS parameter set ({exc})"
    return None


# Settings the app reads with a fixed type; a wrong type here would break the Drills and Home pages.
KNOWN_SETTINGS = {
    "new_per_day": lambda v: None if _is_int(v) and 0 <= v <= 200 else "must be an integer from 0 to 200",
    "desired_retention": lambda v: None if _is_number(v) and 0.7 <= v <= 0.97 else "must be a number from 0.70 to 0.97",
    "interview_date": _date_or_none,
    "fsrs_parameters": _fsrs_parameters,
}


def _mock_state_problem(state: dict) -> str | None:
    from dataclasses import fields

    from progress.mock_interview import Round

    known = {f.name for f in fields(Round)}
    rounds = state.get("rounds")
    if not _is_int(state.get("current")) or not isinstance(rounds, list):
        return "must hold 'current' (an integer) and 'rounds' (a list)"
    for i, r in enumerate(rounds):
        if not isinstance(r, dict) or not {"type", "minutes", "items"} <= set(r) or set(r) - known:
            return f"rounds[{i}] must have type, minutes and items (and only the fields of a round)"
        for key in ("started_at", "deadline", "finished_at"):
            value = r.get(key)
            if value is None:
                continue
            if not isinstance(value, str):
                return f"rounds[{i}].{key} must be a time string or null"
            try:
                _utc_time(value)
            except ValueError as exc:
                return f"rounds[{i}].{key} {exc}"
    return None


class Tables(BaseModel):
    """A table the file leaves out is None: 'not mentioned', which a merge leaves alone."""

    model_config = ConfigDict(strict=True, extra="forbid")
    attempts: Annotated[list[Attempt], Field(max_length=MAX_ROWS_PER_TABLE)] | None = None
    review_state: Annotated[list[ReviewState], Field(max_length=MAX_ROWS_PER_TABLE)] | None = None
    review_log: Annotated[list[ReviewLog], Field(max_length=MAX_ROWS_PER_TABLE)] | None = None
    mock_sessions: Annotated[list[MockSession], Field(max_length=MAX_ROWS_PER_TABLE)] | None = None
    settings: Annotated[list[Setting], Field(max_length=MAX_ROWS_PER_TABLE)] | None = None
    drafts: Annotated[list[Draft], Field(max_length=MAX_ROWS_PER_TABLE)] | None = None


class Export(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    format: Literal["mastery-progress"]
    schema_version: Annotated[int, Field(ge=1, le=10**6)]
    exported_at: UtcTime | None = None
    tables: Tables


ROW_MODELS: dict[str, type[_Row]] = {
    "attempts": Attempt, "review_state": ReviewState, "review_log": ReviewLog,
    "mock_sessions": MockSession, "settings": Setting, "drafts": Draft,
}
TABLES: dict[str, tuple[str, ...]] = {name: tuple(m.model_fields) for name, m in ROW_MODELS.items()}
# What makes two rows "the same row". Attempts and reviews have synthetic ids that collide between
# machines, so they are matched on what happened (item and time), not on the id.
IDENTITY: dict[str, tuple[str, ...]] = {
    "attempts": ("item_type", "item_id", "created_at"),
    "review_state": ("item_type", "item_id"),
    "review_log": ("item_type", "item_id", "reviewed_at"),
    "mock_sessions": ("id",),
    "settings": ("key",),
    "drafts": ("item_type", "item_id"),
}
SYNTHETIC_ID = {"attempts", "review_log"}


# -- parsing --------------------------------------------------------------------------------------
def _message(err: ErrorDetails) -> str:
    msg = str(err.get("msg", "invalid"))
    msg = msg.removeprefix("Value error, ")
    if err.get("type") == "extra_forbidden":
        msg = "is not a known field"
    elif err.get("type") == "missing":
        msg = "is required"
    elif err.get("type") in ("int_type", "int_from_float") and "schema_version" in err.get("loc", ()):
        msg = f"must be an integer (got {json.dumps(err.get('input'))[:40]})"
    return msg


def _summarise(messages: list[str]) -> str:
    more = len(messages) - MAX_ERRORS_SHOWN
    return "; ".join(messages[:MAX_ERRORS_SHOWN]) + (f" (and {more} more)" if more > 0 else "")


def parse_export_bytes(raw: bytes) -> Export:
    """Bytes of a file -> a validated Export, or ImportError_ with one line naming the problem."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportError_(f"file is {len(raw) / 2**20:.1f} MB; the limit for a progress export is "
                           f"{MAX_IMPORT_BYTES // 2**20} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(f"not UTF-8 text (byte {exc.start}); is this a Mastery export?") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise ImportError_("JSON nested too deeply; this is not a Mastery export") from None
    except ValueError as exc:
        raise ImportError_(f"not valid JSON ({exc})") from None
    return validate_export(data)


def validate_export(data: Any) -> Export:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportError_("not a Mastery progress export (missing \"format\": \"mastery-progress\")")
    try:
        return Export.model_validate(data)
    except ValidationError as exc:
        messages = [f"{field_path(tuple(e['loc']))}: {_message(e)}" for e in exc.errors()]
        raise ImportError_(_summarise(messages)) from None
    except RecursionError:
        raise ImportError_("JSON nested too deeply; this is not a Mastery export") from None


def unknown_items(export: Export, known: dict[str, set[str]]) -> list[str]:
    """'type:id' of attempts, review states and reviews for items the app does not have."""
    missing: set[str] = set()
    for table in ("attempts", "review_state", "review_log"):
        for row in getattr(export.tables, table) or ():
            if row.item_id not in known.get(row.item_type, set()):
                missing.add(f"{row.item_type}:{row.item_id}")
    return sorted(missing)


def duplicate_keys(export: Export) -> list[str]:
    out = []
    for table, keys in IDENTITY.items():
        rows = getattr(export.tables, table) or ()
        seen: set[tuple] = set()
        ids: set[int] = set()
        for row in rows:
            key = tuple(getattr(row, k) for k in keys)
            if key in seen:
                out.append(f"tables.{table}: the row {'/'.join(map(str, key))} appears twice")
            seen.add(key)
            if table in SYNTHETIC_ID:
                if row.id in ids:
                    out.append(f"tables.{table}: id {row.id} appears twice")
                ids.add(row.id)
    return out


# -- planning -------------------------------------------------------------------------------------
@dataclass
class TableChange:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0


@dataclass
class Plan:
    replace: bool
    tables: dict[str, TableChange] = field(default_factory=dict)
    # (table, row values in column order, id of the existing row to update or None to insert)
    writes: list[tuple[str, tuple, Any]] = field(default_factory=list)
    removals: dict[str, list[tuple]] = field(default_factory=dict)

    def summary(self) -> str:
        parts = []
        for table, c in self.tables.items():
            bits = [f"{n} {label}" for n, label in ((c.added, "added"), (c.changed, "changed"),
                                                      (c.removed, "removed")) if n]
            parts.append(f"{table}: {', '.join(bits) if bits else 'no change'}")
        return "; ".join(parts)

    def to_dict(self) -> dict:
        return {t: c.__dict__.copy() for t, c in self.tables.items()}

    @property
    def removes_anything(self) -> bool:
        return any(c.removed for c in self.tables.values())


def plan_import(conn, export: Export, replace: bool = False) -> Plan:
    """What importing would do to the database behind `conn`: rows added, changed, removed per table."""
    if replace:
        absent = [t for t in TABLES if getattr(export.tables, t) is None]
        if absent:
            raise ImportError_(f"tables: replacing all progress needs a complete export; missing {', '.join(absent)} "
                               "(import without replace to add this file's rows instead)")
    plan = Plan(replace=replace)
    for table, columns in TABLES.items():
        rows = getattr(export.tables, table)
        if rows is None:
            continue
        keys = IDENTITY[table]
        key_idx = [columns.index(k) for k in keys]
        existing = {tuple(r[i] for i in key_idx): r
                    for r in conn.execute(f"SELECT {', '.join(columns)} FROM {table}")}
        taken_ids = {r[0] for r in existing.values()} if table in SYNTHETIC_ID else set()
        change = plan.tables.setdefault(table, TableChange())
        mentioned = set()
        for row in rows:
            values = tuple(getattr(row, c) for c in columns)
            key = tuple(values[i] for i in key_idx)
            mentioned.add(key)
            old = existing.get(key)
            if table in SYNTHETIC_ID:
                if old is None:
                    # Keep the file's id when free (round trips stay identical), else let SQLite pick one.
                    keep = values[0] not in taken_ids
                    plan.writes.append((table, values if keep else values[1:], None))
                    taken_ids.add(values[0])
                    change.added += 1
                elif old[1:] != values[1:]:
                    plan.writes.append((table, values[1:], old[0]))
                    change.changed += 1
                else:
                    change.unchanged += 1
            elif old is None:
                plan.writes.append((table, values, None))
                change.added += 1
            elif tuple(old) != values:
                plan.writes.append((table, values, key))
                change.changed += 1
            else:
                change.unchanged += 1
        if replace:
            gone = [k for k in existing if k not in mentioned]
            plan.removals[table] = gone
            change.removed = len(gone)
    return plan


def apply_plan(conn, plan: Plan) -> None:
    """Write a plan inside the caller's transaction (so a failure rolls everything back)."""
    for table, keys in plan.removals.items():
        cond = " AND ".join(f"{k} = ?" for k in IDENTITY[table])
        conn.executemany(f"DELETE FROM {table} WHERE {cond}", keys)
    batch_sql: str | None = None
    batch: list[tuple] = []
    for table, values, target in plan.writes:
        sql, params = _write_sql(table, values, target)
        if sql != batch_sql and batch:
            conn.executemany(batch_sql, batch)  # one call per run of same-shaped rows: 220k rows in ~2 s
            batch = []
        batch_sql = sql
        batch.append(params)
    if batch:
        conn.executemany(batch_sql, batch)


def _write_sql(table: str, values: tuple, target) -> tuple[str, tuple]:
    columns = TABLES[table]
    if table in SYNTHETIC_ID and len(values) == len(columns) - 1:
        columns = columns[1:]  # the id column is left to SQLite (new row) or matched (update)
    if target is None:
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", values
    assignments = ", ".join(f"{c} = ?" for c in columns)
    if table in SYNTHETIC_ID:
        return f"UPDATE {table} SET {assignments} WHERE id = ?", (*values, target)
    cond = " AND ".join(f"{k} = ?" for k in IDENTITY[table])
    return f"UPDATE {table} SET {assignments} WHERE {cond}", (*values, *target)
