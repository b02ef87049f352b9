"""Fitting the user's own FSRS parameters once the log is big enough (the fsrs package's optimizer).

The optimizer needs at least 512 reviews on different days (below that it returns the defaults), uses
only scheduled reviews (cram and manual ones would bias it), and imports torch: call it on demand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from progress.clock import from_db
from progress.scheduling import Drills, card_id_for

MIN_CROSS_DAY_REVIEWS = 512


@dataclass
class FitResult:
    parameters: list[float]
    log_loss_before: float
    log_loss_after: float
    reviews: int


def cross_day_reviews(drills: Drills) -> int:
    """Scheduled reviews that came on a later day than the item's previous review."""
    return drills.store.conn.execute(
        "SELECT COUNT(*) FROM review_log WHERE kind = 'scheduled' AND elapsed_days >= 1").fetchone()[0]


def _logs(drills: Drills):
    from fsrs import Rating, ReviewLog

    rows = drills.store.conn.execute(
        "SELECT item_type, item_id, rating, reviewed_at, duration_s FROM review_log WHERE kind = 'scheduled' "
        "ORDER BY reviewed_at").fetchall()
    return [ReviewLog(card_id_for(t, i), Rating(r), from_db(at), int(d * 1000) if d is not None else None)
            for t, i, r, at, d in rows]


def log_loss(drills: Drills, parameters) -> float:
    """Replays every item's scheduled reviews with these parameters and scores the predicted recall."""
    from fsrs import Card, Scheduler

    scheduler = Scheduler(parameters=parameters, enable_fuzzing=False)
    cards: dict[int, Card] = {}
    total, n = 0.0, 0
    for log in _logs(drills):
        card = cards.get(log.card_id) or Card(card_id=log.card_id, due=log.review_datetime)
        if card.last_review is not None and (log.review_datetime - card.last_review).days >= 1:
            p = min(max(scheduler.get_card_retrievability(card, log.review_datetime), 1e-6), 1 - 1e-6)
            y = 1.0 if log.rating.value > 1 else 0.0
            total -= y * math.log(p) + (1 - y) * math.log(1 - p)
            n += 1
        cards[log.card_id], _ = scheduler.review_card(card, log.rating, log.review_datetime)
    return total / n if n else float("nan")


def fit(drills: Drills) -> FitResult:
    from fsrs import Optimizer

    logs = _logs(drills)
    before = log_loss(drills, drills.scheduler.parameters)
    parameters = list(Optimizer(logs).compute_optimal_parameters())
    return FitResult(parameters, before, log_loss(drills, parameters), len(logs))
