"""The judge on real servers' terms: runaway replies cut off, context sizes checked, Cancel, Test connection."""

import json
import threading
import time

import pytest

from design_cases.loader import load_cases
from evaluators import server_context
from evaluators.judge_requests import request_tokens
from evaluators.llm_config import JudgeConfig
from evaluators.llm_judge import _import_litellm, iter_judge, judge_design, plan_requests
from evaluators.rubric_scoring import score_design
from tests.support.fake_llm import FakeLLM

CASE = load_cases().by_id()["openai-chat-serving"]
N = len(CASE.rubric.criteria)
ANSWER = ("We use continuous batching so new requests join the running batch at every decode step. "
          "The KV cache per token is about 320 KB for this model, so memory bounds concurrency.")


@pytest.fixture
def fake():
    _import_litellm()  # as an app has by its first judge call: the timed tests measure the judge, not the import
    server_context.clear_cache()
    with FakeLLM() as server:
        yield server
    server_context.clear_cache()


def run(fake, timeout=20.0, concurrency=2):
    cfg = JudgeConfig("openai/test-model", fake.api_base, "k", timeout, concurrency)
    return judge_design(CASE, ANSWER, cfg, score_design(CASE, ANSWER))


def test_a_server_that_ignores_max_tokens_is_cut_off_by_the_client(fake):
    # One runaway criterion is enough to prove the cut (each one streams ~1,200 chunks through litellm's
    # parser, ~4 ms of CPU a chunk); the others must come back graded by the model.
    from tests.test_llm_judge import criterion_of, criterion_reply

    bad = CASE.rubric.criteria[1].id
    fake.reply = lambda body: ({"junk": True, "ignore_max_tokens": True} if criterion_of(body) == bad
                               else {"content": criterion_reply(criterion_of(body), level=4)})
    t0 = time.monotonic()
    result = run(fake)
    assert time.monotonic() - t0 < 40
    assert result.scorer == "llm"
    assert f"1 of {N} criteria ({bad}: the reply ran past max_tokens" in result.fallback_reason
    offline = {c.id: c.level for c in score_design(CASE, ANSWER).criteria}
    assert {c.id: c.level for c in result.criteria} == {c.id: (offline[c.id] if c.id == bad else 4)
                                                          for c in CASE.rubric.criteria}
    deadline = time.monotonic() + 5
    while fake.disconnects < 1 and time.monotonic() < deadline:  # the server saw the runaway's stream dropped
        time.sleep(0.05)
    assert fake.disconnects == 1


def test_a_model_repeating_one_chunk_is_stopped_early(fake):
    fake.reply = {"junk": "repeat", "ignore_max_tokens": True}
    result = run(fake)
    assert result.scorer == "offline" and "repeated the same output" in result.fallback_reason


def test_a_slow_runaway_is_cut_at_the_deadline_per_criterion(fake):
    fake.reply = {"junk": True, "ignore_max_tokens": True, "chunk_delay_s": 0.05}
    t0 = time.monotonic()
    result = run(fake, timeout=1.0, concurrency=4)
    elapsed = time.monotonic() - t0
    assert elapsed < (N + 3) // 4 * 1.0 + 3  # two waves of 1 s, not N x 1 s
    assert result.scorer == "offline" and "timed out after 1 s" in result.fallback_reason


def test_a_runaway_criterion_is_cut_at_max_tokens_by_the_server_and_falls_back_alone(fake):
    from tests.test_llm_judge import criterion_of, criterion_reply

    bad = CASE.rubric.criteria[2].id
    fake.reply = lambda body: ({"junk": True} if criterion_of(body) == bad
                               else {"content": criterion_reply(criterion_of(body), level=4)})
    result = run(fake)
    assert result.scorer == "llm" and f"1 of {N} criteria ({bad}: the reply hit max_tokens" in result.fallback_reason
    assert [c.level for c in result.criteria].count(4) == N - 1
    for req in fake.completions():  # the server's cut is the request's own budget
        assert 0 < req["body"]["max_tokens"] <= 1536


def test_cancel_stops_requests_in_flight(fake):
    fake.reply = {"junk": True, "ignore_max_tokens": True, "chunk_delay_s": 0.2}
    cancel = threading.Event()
    cfg = JudgeConfig("openai/test-model", fake.api_base, "k", 60.0, 2)
    threading.Timer(1.0, cancel.set).start()
    t0 = time.monotonic()
    outcomes = list(iter_judge(CASE, ANSWER, cfg, score_design(CASE, ANSWER), cancel=cancel))
    assert time.monotonic() - t0 < 4
    assert len(outcomes) == N and {o.reason for o in outcomes} == {"cancelled"}
    assert len(fake.completions()) <= 2  # the queued criteria were never sent


def test_closing_the_stream_of_outcomes_cancels_the_rest(fake):
    from tests.test_llm_judge import criterion_of, criterion_reply

    first = CASE.rubric.criteria[0].id
    fake.reply = lambda body: ({"content": criterion_reply(first)} if criterion_of(body) == first
                               else {"junk": True, "ignore_max_tokens": True, "chunk_delay_s": 0.2})
    cfg = JudgeConfig("openai/test-model", fake.api_base, "k", 60.0, 2)
    gen = iter_judge(CASE, ANSWER, cfg, score_design(CASE, ANSWER))
    t0 = time.monotonic()
    assert next(gen).criterion_id == first
    gen.close()  # what a Streamlit rerun does to the page's loop
    deadline = time.monotonic() + 3
    while fake.disconnects < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fake.disconnects >= 1 and time.monotonic() - t0 < 4


@pytest.mark.parametrize("where, payload, advice", [
    ("props", {"default_generation_settings": {"n_ctx": 512}, "total_slots": 4}, "-c "),
    ("show", {"parameters": "temperature 0.7\nnum_ctx                        1024\n", "model_info": {}}, "num_ctx"),
    ("models", {"object": "list", "data": [{"id": "test-model", "max_model_len": 1000}]}, "--max-model-len"),
])
def test_a_context_too_small_is_refused_before_sending(fake, where, payload, advice):
    fake.context[where] = payload
    result = run(fake)
    needed = max(request_tokens(r) for r in plan_requests(CASE, ANSWER).values())
    assert result.scorer == "offline" and advice in result.fallback_reason
    assert f"at least {needed}" in result.fallback_reason or f"{needed}" in result.fallback_reason
    assert fake.completions() == []


def test_ollama_without_num_ctx_uses_the_loaded_models_context(fake):
    fake.context["show"] = {"parameters": "temperature 0.7", "model_info": {"llama.context_length": 131072}}
    fake.context["ps"] = {"models": [{"name": "test-model:latest", "context_length": 2048}]}
    result = run(fake)
    assert result.scorer == "offline" and "OLLAMA_CONTEXT_LENGTH=" in result.fallback_reason
    assert "GET /api/ps" in result.fallback_reason


@pytest.mark.parametrize("context", [{}, {"props": {"default_generation_settings": {"n_ctx": 32768}}},
                                     {"models": {"data": [{"id": "test-model", "max_model_len": 32768}]}}])
def test_a_context_that_fits_or_is_unknown_is_sent(fake, context):
    from tests.test_llm_judge import grade

    fake.context.update(context)
    fake.reply = grade()
    result = run(fake)
    assert result.scorer == "llm" and len(fake.completions()) == N


def test_every_shipped_criterion_request_is_small():
    """A criterion's prompt without the answer, estimated at 3.5 characters a token (real tokenizers do ~4),
    stays near the issue's 600-1,200 tokens; its reply budget is under 1,536 tokens."""
    import statistics

    requests = [r for case in load_cases().cases for r in plan_requests(case, "").values()]
    prompts = [request_tokens(r) - r["max_tokens"] for r in requests]
    assert statistics.median(prompts) < 1500 and max(prompts) < 1800, (statistics.median(prompts), max(prompts))
    assert max(r["max_tokens"] for r in requests) <= 1536


def test_the_real_server_benchmark_runs_against_the_fake(fake, capsys):
    """benchmarks/judge_real_server.py prints per-criterion rows (fallbacks with seconds and tokens) and totals."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "judge_real_server.py"
    spec = importlib.util.spec_from_file_location("judge_real_server", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    main = bench.main
    from tests.test_llm_judge import criterion_of, criterion_reply

    bad = CASE.rubric.criteria[0].id

    def reply(body):
        props = body["response_format"]["json_schema"]["schema"]["properties"]
        if "criterion_id" not in props:
            return {"content": json.dumps({"reply": "pong", "sum": 5})}
        return {"junk": True} if criterion_of(body) == bad else {"content": criterion_reply(criterion_of(body), 2)}

    fake.reply = reply
    assert main([fake.api_base, "test-model", "--cases", CASE.id, "--concurrency", "2"]) == 0
    out = capsys.readouterr().out
    assert "test connection: connected; the reply kept to the schema" in out
    rows = [line for line in out.splitlines() if line.startswith(f"{CASE.id}/")]
    assert len(rows) == 2 * N + 2  # every criterion of both answers, then the two totals
    runaway = next(r for r in rows if bad in r and "reference" in r)
    assert "offline" in runaway and "hit max_tokens" in runaway and " - " in runaway
    assert f"{N - 1} of {N}" in rows[-1] and f"{N - 1} of {N}" in rows[-2]


def test_heartbeats_while_requests_run_let_a_page_redraw_and_notice_cancel(fake):
    from tests.test_llm_judge import grade

    fake.reply = grade(delay_s=1.0)
    cfg = JudgeConfig("openai/test-model", fake.api_base, "k", 20.0, N)
    items = list(iter_judge(CASE, ANSWER, cfg, score_design(CASE, ANSWER), heartbeat=True))
    outcomes = [i for i in items if i is not None]
    assert len(outcomes) == N and all(o.scorer == "llm" for o in outcomes)
    assert items.count(None) >= 3  # ~1 s of waiting, a beat every 0.2 s
