"""Personal FSRS parameters are fitted on a learner's past reviews and judged on reviews the fit never saw."""

import math
import random
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler

from progress.clock import from_db
from progress.personal_parameters import MIN_CROSS_DAY_REVIEWS, cross_day_reviews, fit
from progress.scheduling import Drills, card_id_for
from progress.store import Store

START = datetime(2026, 1, 1, tzinfo=UTC)
TRAIN_DAYS, HELD_OUT_DAYS = 70, 30


def _practise(drills: Drills, rng: random.Random, items, days: range) -> None:
    """A learner who forgets more than FSRS's defaults expect: recall 70% at every scheduled review."""
    for day in days:
        now = START + timedelta(days=day)
        for e in drills.queue(items, now=now, new_limit=10):
            drills.review(e.item_type, e.item_id, 3 if rng.random() < 0.7 else 1, duration_s=10, now=now)


def _held_out_log_loss(drills: Drills, parameters, since: datetime) -> tuple[float, int]:
    """Replays every scheduled review with these parameters (so each card's state is right) and scores the
    predicted recall only on cross-day reviews at or after `since`."""
    scheduler = Scheduler(parameters=parameters, enable_fuzzing=False)
    rows = drills.store.conn.execute(
        "SELECT item_type, item_id, rating, reviewed_at FROM review_log WHERE kind = 'scheduled' "
        "ORDER BY reviewed_at").fetchall()
    cards: dict[int, Card] = {}
    total, n = 0.0, 0
    for item_type, item_id, rating, at in rows:
        at, cid = from_db(at), card_id_for(item_type, item_id)
        card = cards.get(cid) or Card(card_id=cid, due=at)
        if at >= since and card.last_review is not None and (at - card.last_review).days >= 1:
            p = min(max(scheduler.get_card_retrievability(card, at), 1e-6), 1 - 1e-6)
            y = 1.0 if rating > 1 else 0.0
            total -= y * math.log(p) + (1 - y) * math.log(1 - p)
            n += 1
        cards[cid], _ = scheduler.review_card(card, Rating(rating), at)
    return total / n, n


def test_fitted_parameters_predict_later_reviews_better(tmp_path):
    drills = Drills(Store(tmp_path / "m.db"), enable_fuzzing=False)
    rng = random.Random(1)
    items = [("question", f"q{i}") for i in range(40)]
    _practise(drills, rng, items, range(TRAIN_DAYS))
    assert cross_day_reviews(drills) >= MIN_CROSS_DAY_REVIEWS  # below this the optimizer returns the defaults
    train_reviews = drills.store.conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
    result = fit(drills)
    assert len(result.parameters) == 21 and result.reviews == train_reviews
    assert result.parameters != list(drills.scheduler.parameters)

    # The same learner keeps practising; the fit never saw these reviews.
    cutoff = START + timedelta(days=TRAIN_DAYS)
    _practise(drills, rng, items, range(TRAIN_DAYS, TRAIN_DAYS + HELD_OUT_DAYS))
    default_loss, n = _held_out_log_loss(drills, drills.scheduler.parameters, cutoff)
    fitted_loss, _ = _held_out_log_loss(drills, result.parameters, cutoff)
    assert n >= 150
    assert fitted_loss < default_loss
