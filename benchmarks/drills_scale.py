"""Drills at scale: 10,000 items and 200,000 reviews. Targets (issue 8): daily queue under 50 ms,
dashboard data under 500 ms. Prints figures; asserts nothing.
Run: .venv/bin/python benchmarks/drills_scale.py
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.catalog import load_catalog  # noqa: E402
from progress.clock import to_db  # noqa: E402
from progress.dashboard import build  # noqa: E402
from progress.scheduling import Drills, card_id_for  # noqa: E402
from progress.store import Store  # noqa: E402

N_ITEMS, N_REVIEWS = 10_000, 200_000
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def populate(store: Store) -> list[tuple[str, str]]:
    rng = random.Random(0)
    catalog = load_catalog()
    real = [("question", q.id) for q in catalog.bank.questions] + [("kata", k.kata.id) for k in catalog.katas.katas]
    items = real + [("question", f"synthetic-{i}") for i in range(N_ITEMS - len(real))]
    per_item = N_REVIEWS // len(items)
    states, logs = [], []
    for t, i in items:
        when = NOW - timedelta(days=rng.uniform(30, 400))
        stability = rng.uniform(0.5, 60)
        for _ in range(per_item):
            before = {"card_id": card_id_for(t, i), "state": 2, "step": None, "stability": stability,
                      "difficulty": 5.0, "due": to_db(when), "last_review": to_db(when - timedelta(days=stability))}
            logs.append((t, i, rng.choice([1, 3, 3, 3, 4]), to_db(when), 20.0, json.dumps(before), "scheduled",
                         stability, stability))
            when = min(when + timedelta(days=rng.uniform(1, stability + 1)), NOW - timedelta(days=1))
        due = NOW + timedelta(days=rng.uniform(-20, 60))
        card = {"card_id": card_id_for(t, i), "state": 2, "step": None, "stability": stability, "difficulty": 5.0,
                "due": to_db(due), "last_review": to_db(due - timedelta(days=stability))}
        states.append((t, i, json.dumps(card), to_db(due), rng.randint(0, 7), 0))
    with store.transaction() as conn:
        conn.executemany("INSERT INTO review_state (item_type, item_id, card, due, lapses, suspended) "
                         "VALUES (?, ?, ?, ?, ?, ?)", states)
        conn.executemany("INSERT INTO review_log (item_type, item_id, rating, reviewed_at, duration_s, state_before, "
                         "kind, stability_before, elapsed_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", logs)
    return items


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "m.db")
        t0 = time.perf_counter()
        items = populate(store)
        print(f"populated {len(items)} items and {store.conn.execute('SELECT COUNT(*) FROM review_log').fetchone()[0]} "
              f"reviews in {time.perf_counter() - t0:.1f} s")
        drills = Drills(store)
        queue_ms = []
        for _ in range(10):
            t0 = time.perf_counter()
            queue = drills.queue(items, now=NOW, new_limit=20)
            queue_ms.append((time.perf_counter() - t0) * 1000)
        print(f"daily queue over {len(items)} items: p50 {statistics.median(queue_ms):.0f} ms, "
              f"max {max(queue_ms):.0f} ms ({len(queue)} entries; target < 50 ms)")
        with_interview = []
        for _ in range(3):
            t0 = time.perf_counter()
            drills.queue(items, now=NOW, new_limit=20, interview_date=NOW + timedelta(days=14))
            with_interview.append((time.perf_counter() - t0) * 1000)
        print(f"  with an interview date in 14 days: p50 {statistics.median(with_interview):.0f} ms")
        catalog = load_catalog()
        dash_ms = []
        for _ in range(3):
            t0 = time.perf_counter()
            build(drills, catalog, now=NOW)
            dash_ms.append((time.perf_counter() - t0) * 1000)
        print(f"dashboard data: p50 {statistics.median(dash_ms):.0f} ms, max {max(dash_ms):.0f} ms (target < 500 ms)")


if __name__ == "__main__":
    main()
