"""Dashboard numbers from a scripted month of practice."""

import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from app.catalog import load_catalog
from progress.attempts import record_attempt
from progress.dashboard import build, forgetting_curve
from progress.scheduling import Drills
from progress.store import Store

START = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)


def scripted_month(drills: Drills, catalog, days: int = 30, seed: int = 3):
    """A learner who reviews every due item each day, recalls with probability 0.85, learns 8 new a day."""
    rng = random.Random(seed)
    pool = [("question", q.id) for q in catalog.bank.questions[:120]]
    for d in range(days):
        now = START + timedelta(days=d)
        for entry in drills.queue(pool, now=now, new_limit=8):
            rating = 3 if rng.random() < 0.85 else 1
            drills.review(entry.item_type, entry.item_id, rating, duration_s=20, now=now)
            now += timedelta(seconds=30)
        if d % 5 == 0:
            record_attempt(drills.store, "kata", "softmax", "pass" if d > 10 else "fail", duration_s=600,
                           at=now)
            record_attempt(drills.store, "case", "meta-feed-ranking", "self_review", score=30 + d, duration_s=2400,
                           at=now)
    return START + timedelta(days=days - 1, hours=12)


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    drills = Drills(Store(tmp_path_factory.mktemp("dash") / "m.db"), enable_fuzzing=False)
    catalog = load_catalog()
    end = scripted_month(drills, catalog)
    return drills, catalog, end


def test_forgetting_curve_matches_fsrs(month):
    drills, _, end = month
    rows = drills.store.conn.execute("SELECT item_type, item_id FROM review_state LIMIT 20").fetchall()
    for item_type, item_id in rows:
        card = drills.card(item_type, item_id)
        at = end + timedelta(days=3)
        elapsed = np.floor((at - card.last_review).total_seconds() / 86400)
        ours = forgetting_curve(np.array([elapsed]), np.array([card.stability]), drills.scheduler.parameters[20])[0]
        assert ours == pytest.approx(drills.retrievability(card, at), abs=1e-9)


def test_dashboard_from_a_month_of_practice(month):
    drills, catalog, end = month
    data = build(drills, catalog, now=end)
    seen = sum(t.seen for t in data.topics)
    # All 120 questions were introduced (8 new a day: done by day 15) and the kata was attempted; cases are not
    # in the topic table.
    assert seen == 121 and sum(t.mastered for t in data.topics) > 0
    assert all(t.mastered <= t.seen <= t.items for t in data.topics)
    assert data.streak == 30 and len(data.calendar) == 30
    assert data.kata_solve_rate == 1.0 and data.katas_attempted == 1
    assert [s for _, _, s in data.design_scores] == [30, 35, 40, 45, 50, 55]
    assert data.minutes_per_area["design cases"] == pytest.approx(6 * 40)
    assert data.weakest and all(w.seen for w in data.weakest)
    cal = data.calibration
    assert cal.n > 200 and 0 < cal.log_loss < 1 and 0 <= cal.rmse_bins < 0.5
    assert sum(b["count"] for b in cal.bins) == cal.n
    # The simulated learner recalls 85% of the time; the review-weighted actual rate says so.
    actual = sum(b["actual"] * b["count"] for b in cal.bins) / cal.n
    assert 0.78 < actual < 0.92


# -- issue 16: the calendar and the streak count the user's local days -----------------------------------------
def test_calendar_and_streak_count_local_days(tmp_path):
    from datetime import date, timezone

    drills = Drills(Store(tmp_path / "m.db"), enable_fuzzing=False)
    new_york = timezone(timedelta(hours=-5))  # December: EST
    # Evening, evening, morning in New York; in UTC the last two fall on the same day (7 Dec).
    for local in (datetime(2026, 12, 5, 20, 0), datetime(2026, 12, 6, 21, 0), datetime(2026, 12, 7, 8, 0)):
        drills.review("question", f"q{local.day}", 3, now=local.replace(tzinfo=new_york))
    now = datetime(2026, 12, 7, 12, 0, tzinfo=new_york)

    local = build(drills, load_catalog(), now=now, tz=new_york)
    assert local.calendar == {date(2026, 12, 5): 1, date(2026, 12, 6): 1, date(2026, 12, 7): 1}
    assert local.streak == 3 and local.today == date(2026, 12, 7)
    in_utc = build(drills, load_catalog(), now=now, tz=UTC)  # what the page used to count
    assert in_utc.calendar == {date(2026, 12, 6): 1, date(2026, 12, 7): 2} and in_utc.streak == 2


def test_half_hour_zones_and_attempts_count_on_their_local_day(tmp_path):
    from datetime import date, timezone

    drills = Drills(Store(tmp_path / "m.db"), enable_fuzzing=False)
    india = timezone(timedelta(hours=5, minutes=30))
    # 18:29 and 18:31 UTC: either side of midnight in India (23:59 and 00:01).
    drills.review("question", "a", 3, now=datetime(2026, 12, 6, 18, 29, tzinfo=UTC))
    record_attempt(drills.store, "kata", "softmax", "pass", duration_s=60, at=datetime(2026, 12, 6, 18, 31, tzinfo=UTC))
    data = build(drills, load_catalog(), now=datetime(2026, 12, 6, 20, 0, tzinfo=UTC), tz=india)
    assert data.calendar == {date(2026, 12, 6): 1, date(2026, 12, 7): 1}
    assert data.today == date(2026, 12, 7) and data.streak == 2


def test_without_a_zone_the_machines_zone_is_used(tmp_path, monkeypatch):
    import time
    from datetime import date

    drills = Drills(Store(tmp_path / "m.db"), enable_fuzzing=False)
    drills.review("question", "a", 3, now=datetime(2026, 12, 8, 2, 0, tzinfo=UTC))  # 7 Dec, 21:00 in New York
    monkeypatch.setenv("TZ", "EST+05")  # POSIX: five hours west of UTC, as the app's other local times use
    time.tzset()
    try:
        data = build(drills, load_catalog(), now=datetime(2026, 12, 8, 3, 0, tzinfo=UTC))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert data.calendar == {date(2026, 12, 7): 1} and data.today == date(2026, 12, 7)
