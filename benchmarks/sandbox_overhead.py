"""What the sandbox layers cost: warm grade p50 on a kata, now and at a baseline commit, in one run.

Each figure is also divided by the p50 of a fresh `python -c "import numpy"` measured in the same run, so
runs on machines of different speed or load compare by ratio. Issue 14's target: the current warm p50
within 1.5x of the baseline's (the grader before the namespaces, Landlock and the per-test handshake).
Run: .venv/bin/python benchmarks/sandbox_overhead.py [--kata softmax] [--baseline f87a3ec] [--runs 60]
The baseline is checked out with `git worktree` into a temporary folder and removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys, time
sys.path.insert(0, {root!r})
from coding_katas.loader import load_katas
from evaluators.grader import Grader
source = load_katas().by_id()[{kata!r}].solution
with Grader() as g:
    first = g.grade({kata!r}, source)
    assert first.passed, first.to_dict()
    times = []
    for _ in range({runs}):
        t0 = time.perf_counter()
        g.grade({kata!r}, source)
        times.append((time.perf_counter() - t0) * 1000)
print(json.dumps({{"times": times, "sandbox": first.to_dict().get("sandbox")}}))
"""


def warm_grades(root: Path, kata: str, runs: int) -> dict:
    code = PROBE.format(root=str(root), kata=kata, runs=runs)
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise SystemExit(f"grading at {root} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def import_numpy(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import numpy"], check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kata", default="softmax")
    parser.add_argument("--baseline", default="f87a3ec", help="commit to compare with (before issue 14)")
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mastery-baseline-") as tmp:
        base = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.baseline],
                       check=True, capture_output=True)
        try:
            numpy_ms = statistics.median(import_numpy(15))
            rows = []
            # Interleave the two trees twice so a change in machine load hits both alike.
            for label, root in (("now", ROOT), ("baseline", base), ("now", ROOT), ("baseline", base)):
                result = warm_grades(root, args.kata, args.runs // 2)
                rows.append((label, result["times"], result["sandbox"]))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], capture_output=True)

    print(f"fresh `python -c 'import numpy'` p50: {numpy_ms:.1f} ms")
    p50 = {}
    for label in ("baseline", "now"):
        times = [t for lab, ts, _ in rows if lab == label for t in ts]
        sandbox = next(s for lab, _, s in rows if lab == label)
        p50[label] = statistics.median(times)
        print(f"{label:8s} warm grade of {args.kata}: p50 {p50[label]:.1f} ms, p95 "
              f"{sorted(times)[int(0.95 * len(times))]:.1f} ms, {p50[label] / numpy_ms:.2f}x an import of numpy "
              f"(sandbox: {sandbox})")
    print(f"now / baseline: {p50['now'] / p50['baseline']:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
