"""The LLM judge against a real OpenAI-compatible server: per-criterion latency, tokens and fallbacks.

    .venv/bin/python benchmarks/judge_real_server.py BASE_URL MODEL [--key K] [--timeout S] [--concurrency N]

BASE_URL is the server's OpenAI base (e.g. http://127.0.0.1:8080/v1); MODEL the served model's name (an
`openai/` prefix is added when it has no provider prefix). Scores three shipped cases' reference designs
and one weak answer per case, criterion by criterion, and prints, per request, the scorer (llm or
offline), the level beside the offline level, seconds, prompt and completion tokens and the fallback
reason; then each answer's total beside the offline total. Nothing is cached or stored.

A tiny model (SmolLM2-135M) judges badly; the point of running it is that every request completes or
falls back within its token budget and its timeout.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from design_cases.loader import load_cases  # noqa: E402
from evaluators.judge_requests import request_tokens  # noqa: E402
from evaluators.llm_config import JudgeConfig  # noqa: E402
from evaluators.llm_judge import assemble, check_connection, iter_judge, plan_requests  # noqa: E402
from evaluators.rubric_scoring import score_design  # noqa: E402

CASES = ("openai-chat-serving", "openai-rag-assistant", "meta-feed-ranking")
# Weak answers: on topic, confident, thin, one false claim each. Written for this benchmark.
WEAK = {
    "openai-chat-serving": (
        "I would put the model behind a load balancer on a few GPUs and autoscale on CPU usage. "
        "A bigger batch always lowers each request's latency, so we batch as much as possible. "
        "We cache responses in Redis so repeated questions are fast."),
    "openai-rag-assistant": (
        "We embed the documents with a good embedding model and store them in a vector database. "
        "At query time we retrieve the top 100 chunks and put all of them in the prompt so the model has context. "
        "Hallucinations go away once retrieval is added, so no evaluation is needed."),
    "meta-feed-ranking": (
        "We train a deep neural network on clicks and rank posts by predicted click probability. "
        "Offline AUC going up guarantees that engagement goes up online, so we ship whenever AUC improves. "
        "We retrain the model every month."),
}


def _row(*cols) -> str:
    widths = (34, 26, 8, 4, 8, 8, 7, 6)
    # Columns past the fixed widths are printed as they are (below), so the lengths may differ.
    cells = [str(c)[:w].ljust(w) for c, w in zip(cols, widths, strict=False)]
    return " ".join(cells + [str(c) for c in cols[len(widths):]])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("base_url")
    p.add_argument("model")
    p.add_argument("--key", default=None, help="API key (or none for a local server)")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per criterion request")
    p.add_argument("--concurrency", type=int, default=1, help="criterion requests at once (match the server's slots)")
    p.add_argument("--cases", nargs="*", default=list(CASES))
    p.add_argument("--answers", nargs="*", default=["reference", "weak"], choices=["reference", "weak"],
                   help="which answers to grade (a slow CPU server may take minutes per criterion)")
    args = p.parse_args(argv)
    model = args.model if "/" in args.model else f"openai/{args.model}"
    config = JudgeConfig(model, args.base_url, args.key, args.timeout, args.concurrency)

    report = check_connection(config)
    print(f"server: {args.base_url} model: {model} timeout {args.timeout:g} s/request, {args.concurrency} at a time")
    print(f"test connection: {report.message}; {report.seconds} s, {report.completion_tokens} tokens, "
          f"{report.tokens_per_s} tokens/s; context {report.context or 'not reported'}")
    library = load_cases().by_id()
    totals = []
    print()
    print(_row("case", "criterion", "scorer", "llm", "offline", "seconds", "prompt", "reply", "fallback reason"))
    for case_id in args.cases:
        case = library[case_id]
        answers = {"reference": case.reference_design, "weak": WEAK.get(case_id, WEAK[CASES[0]])}
        for kind in args.answers:
            answer = answers[kind]
            offline = score_design(case, answer)
            longest = max(request_tokens(r) for r in plan_requests(case, answer).values())
            started = time.monotonic()
            outcomes = []
            for o in iter_judge(case, answer, config, offline):
                outcomes.append(o)
                off = next(c.level for c in offline.criteria if c.id == o.criterion_id)
                print(_row(f"{case_id}/{kind}", o.criterion_id, o.scorer, o.result.level if o.scorer == "llm" else "-",
                           off, f"{o.seconds:.1f}", o.prompt_tokens or "-", o.completion_tokens or "-",
                           o.reason or ""), flush=True)
            wall = time.monotonic() - started
            judged = assemble(case, offline, outcomes)
            n_llm = sum(o.scorer == "llm" for o in outcomes)
            totals.append((f"{case_id}/{kind}", judged.total, offline.total, n_llm, len(outcomes), wall, longest))
    print()
    print(f"{'answer':<40} {'llm':>6} {'offline':>8} {'llm-graded':>11} {'wall s':>7} "
          f"{'longest request (est. tokens)':>30}")
    for name, llm, off, n_llm, n, wall, longest in totals:
        print(f"{name:<40} {llm:>6.1f} {off:>8.1f} {n_llm:>5} of {n:<3} {wall:>7.1f} {longest:>30}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
