"""Offline scorer speed: short answers (target under 5 ms), design answers (p50 under 50 ms)
and a 100 KB design answer, the largest accepted (under 1 s).
Run: .venv/bin/python benchmarks/scorer_speed.py
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from design_cases.loader import load_cases  # noqa: E402
from evaluators.rubric_scoring import score_design  # noqa: E402
from evaluators.scoring import analyse_question_answer, prepare_question  # noqa: E402
from question_bank.loader import load_bank  # noqa: E402


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    bank = load_bank().questions
    questions = bank[:100]
    analyse_question_answer(bank[100], bank[100].answer)  # the process's first check (imports, compiled patterns)
    # The app's path: a bank question's answer with its key points and catalogued false claims.
    first, later = [], []
    for q in questions:
        # A fresh answer text each call (nothing about the answer is cached): half the reference, reworded order.
        half = q.answer.split()[: len(q.answer.split()) // 2]
        for i in range(4):
            answer = " ".join(half[i:] + half[:i])
            # The first check of a question also prepares its reference, key points and claims.
            (first if i == 0 else later).extend(timed(lambda q=q, answer=answer: analyse_question_answer(q, answer), 1))
    print(f"short answers (fresh answers of ~100 words, key points and false claims): first check of a question "
          f"({len(first)} calls) p50 {statistics.median(first):.2f} ms, max {max(first):.2f} ms; later checks "
          f"({len(later)} calls) p50 {statistics.median(later):.2f} ms, max {max(later):.2f} ms (target < 5 ms)")
    # The pages prepare a question when they show it (evaluators.scoring.prepare_question), while the
    # candidate reads and types: the first check after that. Other questions than above, so nothing is warm.
    prepare, prepared_first = [], []
    for q in bank[200:300]:
        prepare.extend(timed(lambda q=q: prepare_question(q), 1))
        answer = " ".join(q.answer.split()[: len(q.answer.split()) // 2])
        prepared_first.extend(timed(lambda q=q, answer=answer: analyse_question_answer(q, answer), 1))
    print(f"short answers, question prepared when shown: prepare ({len(prepare)} calls) p50 "
          f"{statistics.median(prepare):.2f} ms, max {max(prepare):.2f} ms; then the first check p50 "
          f"{statistics.median(prepared_first):.2f} ms, max {max(prepared_first):.2f} ms (target < 5 ms)")
    design = []
    for case in load_cases().cases:
        score_design(case, case.reference_design)  # warm-up: phrasing vectors, case profiles
        # A fresh text each call: the scorer keeps what it computed per sentence and per answer, and every
        # sentence here is new ("... in draft 2.").
        for i in range(3):
            fresh = re.sub(r"\.(\s)", rf" in draft {i}.\1", case.reference_design)
            design += timed(lambda case=case, fresh=fresh: score_design(case, fresh), 1)
    print(f"design answers (reference designs reworded, 600-1,500 words, {len(design)} calls): "
          f"p50 {statistics.median(design):.0f} ms, "
          f"max {max(design):.0f} ms (target p50 < 50 ms)")
    from evaluators.scoring_constants import MAX_ANSWER_BYTES

    big = []
    for case in load_cases().cases[:6]:
        text = (case.reference_design + "\n\n") * 200
        text = text.encode()[:MAX_ANSWER_BYTES].decode(errors="ignore")
        big += timed(lambda case=case, text=text: score_design(case, text), 1)
    print(f"100 KB design answers ({len(big)} calls): p50 {statistics.median(big):.0f} ms, max {max(big):.0f} ms "
          f"(target < 1,000 ms)")


if __name__ == "__main__":
    main()
