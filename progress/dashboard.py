"""The numbers behind the progress dashboard, computed from attempts, review state and the review log.

Mastered = predicted recall now at or above the target with at least two reviews. Calibration compares
the recall FSRS predicted at each review (from the card before it) with what happened (rating > Again),
in ten bins, with log loss and RMSE over bins weighted by count (as the FSRS benchmark reports them).
Same-day reviews (learning steps) are left out, as in that benchmark: FSRS predicts recall across days.
Retrievability is computed vectorised with the FSRS-6 forgetting curve, so 200,000 reviews stay fast.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

import numpy as np

from progress.clock import utc_now
from progress.scheduling import Drills


@dataclass
class TopicProgress:
    area: str
    topic: str
    phase: int | None
    items: int
    seen: int
    mastered: int
    mean_recall: float | None
    reviews: int = 0          # scheduled and manual reviews of the topic's items
    agains: int = 0           # of which rated Again

    @property
    def strength(self) -> float:
        """What 'weakest' sorts by: predicted recall, but no higher than the share of reviews recalled.
        Right after a review FSRS predicts ~100% even for a card just failed twice; the ratings say otherwise."""
        recall = self.mean_recall if self.mean_recall is not None else 1.0
        if not self.reviews:
            return recall
        return min(recall, 1 - self.agains / self.reviews)


@dataclass
class Calibration:
    bins: list[dict] = field(default_factory=list)   # {"predicted", "actual", "count"}
    log_loss: float | None = None
    rmse_bins: float | None = None
    n: int = 0


@dataclass
class DashboardData:
    topics: list[TopicProgress]
    kata_solve_rate: float | None
    katas_attempted: int
    design_scores: list[tuple[datetime, str, float]]
    calendar: dict[date, int]
    streak: int
    minutes_per_area: dict[str, float]
    weakest: list[TopicProgress]
    calibration: Calibration
    today: date | None = None  # in the zone the calendar and streak count in


def forgetting_curve(elapsed_days: np.ndarray, stability: np.ndarray, w20: float) -> np.ndarray:
    """FSRS-6 retrievability R = (1 + factor * t / S) ** -w20, factor = 0.9 ** (-1 / w20) - 1."""
    decay = -w20
    factor = 0.9 ** (1 / decay) - 1
    return np.power(1 + factor * elapsed_days / np.maximum(stability, 1e-6), decay)


def _items_by_topic(catalog) -> dict[tuple[str, str], list[tuple[str, str]]]:
    by_topic: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for q in catalog.bank.questions:
        by_topic[(q.area, q.topic)].append(("question", q.id))
    for k in catalog.katas.katas:
        by_topic[(k.kata.area, k.kata.topic)].append(("kata", k.kata.id))
    return by_topic


def calibration(drills: Drills, n_bins: int = 10) -> Calibration:
    rows = drills.store.conn.execute(
        "SELECT elapsed_days, stability_before, rating FROM review_log "
        "WHERE kind = 'scheduled' AND elapsed_days >= 1 AND stability_before IS NOT NULL").fetchall()
    if not rows:
        return Calibration()
    arr = np.array(rows, dtype=float)
    elapsed = np.floor(np.maximum(arr[:, 0], 0))  # fsrs counts whole elapsed days
    predicted = np.clip(forgetting_curve(elapsed, arr[:, 1], drills.scheduler.parameters[20]), 1e-6, 1 - 1e-6)
    actual = (arr[:, 2] > 1).astype(float)
    log_loss = float(-np.mean(actual * np.log(predicted) + (1 - actual) * np.log(1 - predicted)))
    edges = np.linspace(0, 1, n_bins + 1)
    which = np.clip(np.digitize(predicted, edges) - 1, 0, n_bins - 1)
    bins, sq, total = [], 0.0, 0
    for b in range(n_bins):
        mask = which == b
        count = int(mask.sum())
        if not count:
            continue
        p, a = float(predicted[mask].mean()), float(actual[mask].mean())
        bins.append({"predicted": p, "actual": a, "count": count})
        sq += count * (p - a) ** 2
        total += count
    return Calibration(bins, log_loss, math.sqrt(sq / total), len(rows))


def build(drills: Drills, catalog, now: datetime | None = None, target: float | None = None,
          tz: tzinfo | None = None) -> DashboardData:
    """The dashboard's numbers; the review calendar and the streak count days in `tz` (None = this machine's
    zone, the one the app shows every time in)."""
    now = now or utc_now()
    target = target if target is not None else drills.scheduler.desired_retention
    conn = drills.store.conn
    from question_bank.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    # Current recall of every reviewed item, vectorised.
    state_rows = conn.execute(
        "SELECT s.item_type, s.item_id, julianday(?) - julianday(json_extract(s.card, '$.last_review')), "
        "json_extract(s.card, '$.stability'), (SELECT COUNT(*) FROM review_log l WHERE l.item_type = s.item_type "
        "AND l.item_id = s.item_id AND l.kind != 'cram') FROM review_state s "
        "WHERE json_extract(s.card, '$.last_review') IS NOT NULL", (now.isoformat(),)).fetchall()
    recall: dict[tuple[str, str], tuple[float, int]] = {}
    if state_rows:
        arr = np.array([(r[2] or 0.0, r[3] or 0.0) for r in state_rows], dtype=float)
        values = forgetting_curve(np.floor(np.maximum(arr[:, 0], 0)), arr[:, 1], drills.scheduler.parameters[20])
        recall = {(r[0], r[1]): (float(v), r[4]) for r, v in zip(state_rows, values, strict=True)}
    attempted = {(t, i) for t, i in conn.execute("SELECT DISTINCT item_type, item_id FROM attempts")}
    ratings = {(t, i): (n, a) for t, i, n, a in conn.execute(
        "SELECT item_type, item_id, COUNT(*), SUM(rating = 1) FROM review_log WHERE kind != 'cram' "
        "GROUP BY item_type, item_id")}

    topics = []
    for (area, topic), items in sorted(_items_by_topic(catalog).items()):
        seen = [k for k in items if k in recall or k in attempted]
        mastered = [k for k in items if k in recall and recall[k][0] >= target and recall[k][1] >= 2]
        rs = [recall[k][0] for k in items if k in recall]
        reviews = sum(ratings.get(k, (0, 0))[0] for k in items)
        agains = sum(ratings.get(k, (0, 0))[1] or 0 for k in items)
        topics.append(TopicProgress(area, topic, taxonomy.phase_of(area, topic), len(items), len(seen),
                                    len(mastered), sum(rs) / len(rs) if rs else None, reviews, agains))

    kata_rows = conn.execute("SELECT item_id, MAX(result = 'pass') FROM attempts WHERE item_type = 'kata' "
                             "GROUP BY item_id").fetchall()
    solve_rate = sum(r[1] for r in kata_rows) / len(kata_rows) if kata_rows else None
    design = [(datetime.fromisoformat(t), i, s) for t, i, s in conn.execute(
        "SELECT created_at, item_id, score FROM attempts WHERE item_type = 'case' AND score IS NOT NULL "
        "ORDER BY created_at")]

    calendar = practice_days(conn, tz)
    today = now.astimezone(tz).date()
    streak, day = 0, today
    if day not in calendar:
        day -= timedelta(days=1)  # today not practised yet: the streak so far still counts
    while day in calendar:
        streak += 1
        day -= timedelta(days=1)

    area_of = {("question", q.id): q.area for q in catalog.bank.questions}
    area_of.update({("kata", k.kata.id): k.kata.area for k in catalog.katas.katas})
    minutes: dict[str, float] = defaultdict(float)
    for table in ("attempts", "review_log"):
        for t, i, secs in conn.execute(f"SELECT item_type, item_id, SUM(COALESCE(duration_s, 0)) FROM {table} "
                                       "GROUP BY item_type, item_id"):
            area = area_of.get((t, i), "design cases" if t == "case" else "other")
            minutes[area] += (secs or 0) / 60
    seen_topics = [t for t in topics if t.seen]
    weakest = sorted(seen_topics, key=lambda t: (t.strength, t.mastered / max(1, t.items)))[:5]
    return DashboardData(topics, solve_rate, len(kata_rows), design, calendar, streak, dict(minutes), weakest,
                         calibration(drills), today)


def practice_days(conn, tz: tzinfo | None = None) -> dict[date, int]:
    """Reviews and attempts per local day in `tz` (None = this machine's zone): a review at 21:00 in New York is
    that evening's practice, though its stored UTC time is already the next day.

    Counted in SQL per quarter hour of UTC, then each quarter hour goes to its local day: every time zone's
    offset is a whole number of quarter hours, so a quarter hour never straddles a local midnight."""
    days: dict[date, int] = defaultdict(int)
    for hour, quarter, n in conn.execute(
            "SELECT substr(at, 1, 13), CAST(substr(at, 15, 2) AS INTEGER) / 15, COUNT(*) FROM "
            "(SELECT reviewed_at AS at FROM review_log UNION ALL SELECT created_at FROM attempts) GROUP BY 1, 2"):
        start = datetime.fromisoformat(hour).replace(tzinfo=UTC) + timedelta(minutes=15 * quarter)
        days[start.astimezone(tz).date()] += int(n)
    return dict(days)
