import random
from datetime import datetime, timedelta, timezone

from progress.personal_parameters import MIN_CROSS_DAY_REVIEWS, cross_day_reviews, fit
from progress.scheduling import Drills
from progress.store import Store


def test_fitting_own_parameters_after_enough_reviews(tmp_path):
    drills = Drills(Store(tmp_path / "m.db"), enable_fuzzing=False)
    rng = random.Random(1)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    items = [("question", f"q{i}") for i in range(60)]
    # A learner who forgets more than FSRS's defaults expect: recall 70% at scheduled reviews.
    for day in range(150):
        now = start + timedelta(days=day)
        for e in drills.queue(items, now=now, new_limit=10):
            drills.review(e.item_type, e.item_id, 3 if rng.random() < 0.7 else 1, duration_s=10, now=now)
    assert cross_day_reviews(drills) >= MIN_CROSS_DAY_REVIEWS
    result = fit(drills)
    assert len(result.parameters) == 21
    assert result.log_loss_after < result.log_loss_before  # the fitted parameters predict this learner better
