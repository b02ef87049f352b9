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
