from datetime import UTC, datetime, timedelta

import pytest

from progress.scheduling import Drills, card_id_for, days_left, interview_datetime
from progress.store import Store

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def drills(tmp_path):
    return Drills(Store(tmp_path / "m.db"), enable_fuzzing=False)


def test_good_reviews_space_out_and_are_logged(drills):
    now = T0
    dues = []
    for _ in range(4):
        card = drills.review("question", "q1", 3, duration_s=12.5, now=now)
        dues.append(card.due)
        now = card.due
    gaps = [b - a for a, b in zip(dues, dues[1:], strict=False)]
    assert gaps == sorted(gaps) and gaps[-1] > timedelta(days=5)  # intervals grow
    rows = drills.store.conn.execute("SELECT rating, kind, duration_s, reviewed_at FROM review_log").fetchall()
    assert len(rows) == 4 and {r[1] for r in rows} == {"scheduled"} and rows[0][2] == 12.5
    assert rows[0][3].endswith("+00:00")


def test_cram_logs_without_rescheduling(drills):
    card = drills.review("question", "q1", 3, now=T0)
    drills.review("question", "q1", 1, kind="cram", now=T0 + timedelta(minutes=30))
    assert drills.card("question", "q1").to_dict() == card.to_dict()
    assert drills.store.conn.execute("SELECT COUNT(*) FROM review_log WHERE kind = 'cram'").fetchone()[0] == 1


def test_queue_due_first_then_new_up_to_the_limit(drills):
    drills.review("question", "old", 3, now=T0 - timedelta(days=30))
    items = [("question", "old")] + [("question", f"new{i}") for i in range(5)] + [("kata", "softmax")]
    queue = drills.queue(items, now=T0, new_limit=3)
    assert [(e.item_id, e.reason) for e in queue] == [("old", "due"), ("new0", "new"), ("new1", "new"), ("new2", "new")]
    drills.review("question", "new0", 3, now=T0)
    assert len([e for e in drills.queue(items, now=T0, new_limit=3) if e.reason == "new"]) == 2  # one used today


def test_interview_date_brings_weak_items_forward(drills):
    # Learned long ago, due after the interview: recall on the day is predicted below 0.97.
    for i in range(3):
        drills.review("question", "q", 3, now=T0 + timedelta(days=i * 3))
    card = drills.card("question", "q")
    interview = card.due - timedelta(days=1)
    queue = drills.queue([("question", "q")], now=T0 + timedelta(days=7), interview_date=interview, target=0.97)
    assert [e.reason for e in queue] == ["before-interview"] and queue[0].retrievability < 0.97


def test_leeches_and_suspend(drills):
    now = T0
    drills.review("question", "hard", 3, now=now)
    for _ in range(7):
        card = drills.card("question", "hard")
        now = max(now + timedelta(days=1), card.due)
        drills.review("question", "hard", 3, now=now)   # back into review
        card = drills.card("question", "hard")
        now = max(now + timedelta(days=1), card.due)
        drills.review("question", "hard", 1, now=now)   # forgotten
    leeches = drills.leeches()
    assert leeches and leeches[0][:2] == ("question", "hard") and leeches[0][2] == 7  # seven "forgotten" reviews
    drills.suspend("question", "hard")
    assert drills.queue([("question", "hard")], now=now + timedelta(days=400)) == []


def test_helpers():
    # Card ids go into fsrs ReviewLogs built from the stored log, so they must never change between versions:
    # pinned values (the first 6 bytes of sha256("question:a") and of sha256("kata:a"), big-endian).
    assert card_id_for("question", "a") == 74498434479607
    assert card_id_for("kata", "a") == 231930967778027
    assert interview_datetime("2026-12-01") == datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert days_left("2026-12-01", now=T0) == 30 and days_left(None) is None
