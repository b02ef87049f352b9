"""Warm Grader.grade latency against a fresh `python -m pytest` run of the same kata's tests.

Targets (issue 5): at least 15x faster than pytest for NumPy katas with a warm p50 under 80 ms, and
a warm PyTorch p50 under 150 ms. Both sides are measured in this run, on this machine.
Run: .venv/bin/python benchmarks/grader_latency.py [--numpy-kata softmax] [--torch-kata torch_lora]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coding_katas.loader import load_katas  # noqa: E402
from evaluators.grader import Grader  # noqa: E402


def pct(values: list[float], p: float) -> float:
    return sorted(values)[min(len(values) - 1, int(p * len(values)))]


def time_grader(grader: Grader, kata_id: str, runs: int) -> list[float]:
    source = load_katas().by_id()[kata_id].solution
    result = grader.grade(kata_id, source)  # warm-up: starts workers, computes reference values
    assert result.passed, result.to_dict()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        grader.grade(kata_id, source)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def time_pytest(kata_id: str, runs: int) -> list[float]:
    folder = load_katas().by_id()[kata_id].folder
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
                              cwd=ROOT, capture_output=True, text=True)
        times.append((time.perf_counter() - t0) * 1000)
        assert proc.returncode == 0, proc.stdout[-2000:]
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--numpy-kata", default="softmax")
    parser.add_argument("--torch-kata", default="torch_lora")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--pytest-runs", type=int, default=5)
    args = parser.parse_args()

    katas = load_katas().by_id()
    with Grader() as grader:
        rows = []
        for kata_id in (args.numpy_kata, args.torch_kata):
            if kata_id not in katas:
                print(f"{kata_id}: not in the catalogue, skipped")
                continue
            warm = time_grader(grader, kata_id, args.runs)
            cold = time_pytest(kata_id, args.pytest_runs)
            rows.append((kata_id, katas[kata_id].kata.runtime, warm, cold))

    for kata_id, runtime, warm, cold in rows:
        ratio = statistics.median(cold) / statistics.median(warm)
        print(f"{kata_id} ({runtime}): Grader.grade warm p50 {statistics.median(warm):.1f} ms, "
              f"p95 {pct(warm, 0.95):.1f} ms over {len(warm)} runs; fresh pytest p50 "
              f"{statistics.median(cold):.0f} ms over {len(cold)} runs; ratio {ratio:.1f}x")


if __name__ == "__main__":
    main()
