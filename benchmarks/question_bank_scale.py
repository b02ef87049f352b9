"""Question bank at 10,000 questions: load+validate time, search latency, and Question bank page rerun.

Targets (issue 4): search p50 under 30 ms, page rerun under 300 ms. Prints figures; asserts nothing.
Run: .venv/bin/python benchmarks/question_bank_scale.py [--questions N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import yaml

WORDS = [
    "gradient", "attention", "cache", "latency", "shard", "replica", "batch", "token", "embedding", "index",
    "recall", "drift", "canary", "feature", "label", "leakage", "variance", "bias", "kernel", "margin", "cluster",
    "centroid", "quantization", "throughput", "queue", "retry", "idempotency", "schema", "pipeline", "monitor",
    "alert", "rollback", "checkpoint", "optimizer", "regularization", "softmax", "entropy", "precision",
    "calibration", "sampling", "tensor", "memory", "bandwidth", "scheduler", "autoscaling",
]


def synthetic_bank(n: int, folder: Path, seed: int = 0) -> None:
    from question_bank.taxonomy import load_taxonomy

    rng = random.Random(seed)
    topics = [(a.id, t.id) for a in load_taxonomy().areas for t in a.topics]
    per_file = 100
    for f in range(0, n, per_file):
        questions = []
        for i in range(f, min(n, f + per_file)):
            area, topic = topics[i % len(topics)]
            text = lambda k: " ".join(rng.choice(WORDS) for _ in range(k))  # noqa: E731
            questions.append({
                "id": f"synthetic-{i}", "area": area, "topic": topic,
                "type": "behavioral" if area == "behavioral" else "concept",
                "difficulty": rng.choice(["easy", "medium", "hard"]), "roles": ["backend-ai-engineer"],
                "prompt": text(15) + "?", "answer": text(180), "key_points": [text(6) for _ in range(4)],
                "follow_ups": [{"question": text(10) + "?", "answer": text(50)}], "tags": [rng.choice(WORDS)],
            })
        (folder / f"bank-{f // per_file:04d}.yaml").write_text(yaml.safe_dump({"questions": questions}))


def pct(values: list[float], p: float) -> float:
    return sorted(values)[min(len(values) - 1, int(p * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        user_dir = home / "questions"
        user_dir.mkdir()
        os.environ["MASTERY_HOME"] = str(home)
        synthetic_bank(args.questions, user_dir)

        from question_bank.loader import load_bank
        from question_bank.search import Filters, SearchIndex

        t0 = time.perf_counter()
        bank = load_bank(user_dir=user_dir)
        load_s = time.perf_counter() - t0
        assert not bank.errors, bank.errors[:3]
        t0 = time.perf_counter()
        index = SearchIndex(bank.questions)
        index_s = time.perf_counter() - t0

        rng = random.Random(1)
        latencies = []
        for _ in range(args.queries):
            query = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
            filters = Filters(difficulties=("hard",)) if rng.random() < 0.3 else Filters()
            t0 = time.perf_counter()
            index.search(query, filters)
            latencies.append((time.perf_counter() - t0) * 1000)

        from streamlit.testing.v1 import AppTest

        main_py = str(Path(__file__).resolve().parents[1] / "app" / "main.py")
        at = AppTest.from_file(main_py, default_timeout=120)
        at.run()
        at.switch_page("views/question_bank.py").run()  # warm-up: builds and caches the index
        reruns = []
        for i in range(15):
            t0 = time.perf_counter()
            at.text_input(key="qb_query").input(f"{WORDS[i]} {WORDS[-i - 1]}").run()
            reruns.append((time.perf_counter() - t0) * 1000)
        assert not at.exception

    print(f"questions: {len(bank.questions)} ({args.questions} synthetic + shipped)")
    print(f"load + validate: {load_s * 1000:.0f} ms; search index build: {index_s * 1000:.0f} ms")
    print(f"search latency over {args.queries} queries: p50 {statistics.median(latencies):.1f} ms, "
          f"p95 {pct(latencies, 0.95):.1f} ms (target p50 < 30 ms)")
    print(f"page rerun (AppTest, search typed): p50 {statistics.median(reruns):.0f} ms, "
          f"p95 {pct(reruns, 0.95):.0f} ms (target < 300 ms)")


if __name__ == "__main__":
    main()
