"""The review forecast counts the store's due dates per local day; overdue on today; suspended left out."""

from datetime import UTC, date, datetime, timedelta, timezone

from progress.forecast import forecast
from progress.scheduling import Drills
from progress.store import Store

NOW = datetime(2026, 12, 7, 20, 0, tzinfo=UTC)


def _put(store, item, due, suspended=0):
    store.conn.execute("INSERT INTO review_state (item_type, item_id, card, due, lapses, suspended) "
                       "VALUES ('question', ?, '{}', ?, 0, ?)", (item, due.isoformat(), suspended))


def test_counts_per_day_with_overdue_today_and_suspended_excluded(tmp_path):
    store = Store(tmp_path / "m.db")
    _put(store, "overdue", NOW - timedelta(days=3))
    _put(store, "today", NOW + timedelta(hours=1))
    _put(store, "d2a", NOW + timedelta(days=2))
    _put(store, "d2b", NOW + timedelta(days=2, hours=1))
    _put(store, "late", NOW + timedelta(days=40))
    _put(store, "susp", NOW + timedelta(days=1), suspended=1)
    rows = forecast(store, now=NOW, tz=UTC)
    assert len(rows) == 30 and rows[0][0] == date(2026, 12, 7)
    assert dict(rows)[date(2026, 12, 7)] == 2
    assert dict(rows)[date(2026, 12, 9)] == 2
    assert sum(n for _, n in rows) == 4


def test_days_are_local_days(tmp_path):
    store = Store(tmp_path / "m.db")
    _put(store, "q", datetime(2026, 12, 8, 2, 0, tzinfo=UTC))  # 8 Dec UTC, 7 Dec in New York
    ny = timezone(timedelta(hours=-5))
    assert dict(forecast(store, now=NOW, tz=ny))[date(2026, 12, 7)] == 1
    assert dict(forecast(store, now=NOW, tz=UTC))[date(2026, 12, 8)] == 1


def test_matches_real_reviews(tmp_path):
    store = Store(tmp_path / "m.db")
    d = Drills(store, enable_fuzzing=False)
    cards = [d.review("question", f"q{i}", r, now=NOW) for i, r in enumerate((1, 3, 4, 4))]
    expected: dict = {}
    for c in cards:
        day = max(NOW.date(), c.due.date())
        expected[day] = expected.get(day, 0) + 1
    got = {day: n for day, n in forecast(store, now=NOW, tz=UTC) if n}
    assert got == {k: v for k, v in expected.items() if k < NOW.date() + timedelta(days=30)}
