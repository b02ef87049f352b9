"""The optional LLM judge against a fake OpenAI-compatible server on loopback, and litellm's mock_response."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from design_cases.loader import load_cases
from evaluators.answer_scoring import score_case_answer
from evaluators.llm_config import JudgeConfig, load_config
from evaluators.llm_judge import _import_litellm, ask_follow_ups, judge_design
from evaluators.rubric_scoring import score_design
from progress.store import Store
from tests.support.fake_llm import FakeLLM

CASE = load_cases().by_id()["openai-chat-serving"]
SECRET = "sk-test-secret-123"
ANSWER = ("We use continuous batching so new requests join the running batch at every decode step. "
          "The KV cache per token is about 320 KB for this model, so memory bounds concurrency. "
          "Prefix caching reuses the system prompt across conversations.")


def criterion_of(body) -> str:
    return body["response_format"]["json_schema"]["schema"]["properties"]["criterion_id"]["enum"][0]


def criterion_reply(cid, level=3, quote="continuous batching so new requests join", found=()):
    crit = next(c for c in CASE.rubric.criteria if c.id == cid)
    kps = [{"key_point_id": k.id, "evidence": quote if i == 0 else "", "status": "covered" if i == 0 else "missing"}
           for i, k in enumerate(crit.key_points)]
    return json.dumps({"criterion_id": cid, "key_points": kps, "misconceptions_found": list(found),
                       "rationale": "r", "level": level})


def grade(level=3, quote="continuous batching so new requests join", ids=None, skip=(), **reply):
    """A fake reply function: each criterion request gets its own grade."""
    def answer(body):
        cid = criterion_of(body)
        if cid in skip:
            return {"status": 500}
        return {"content": criterion_reply(cid, level, quote).replace(f'"{cid}"', f'"{(ids or {}).get(cid, cid)}"', 1),
                **reply}
    return answer


@pytest.fixture
def fake():
    _import_litellm()  # as an app has by its first judge call: the timed tests measure the judge, not the import
    with FakeLLM() as server:
        yield server


def config(fake, timeout=20.0):
    return JudgeConfig("openai/test-model", fake.api_base, SECRET, timeout)


def judge(fake, timeout=20.0, store=None, answer=ANSWER):
    return judge_design(CASE, answer, config(fake, timeout), score_design(CASE, answer), store=store)


N = len(CASE.rubric.criteria)


def test_one_request_per_criterion_with_the_key_only_in_the_header(fake):
    fake.reply = grade()
    result = judge(fake)
    assert result.scorer == "llm" and result.fallback_reason is None
    reqs = fake.completions()
    assert sorted(criterion_of(r["body"]) for r in reqs) == sorted(c.id for c in CASE.rubric.criteria)
    for req in reqs:
        body = req["body"]
        cid = criterion_of(body)
        assert body["model"] == "test-model" and body["temperature"] == 0 and body["stream"] is True
        assert body["response_format"]["type"] == "json_schema" and body["response_format"]["json_schema"]["strict"]
        prompt = " ".join(m["content"] for m in body["messages"])
        # Only this criterion's rubric is in its request.
        assert f"`{cid}`" in prompt and all(f"`{c.id}`" not in prompt for c in CASE.rubric.criteria if c.id != cid)
        assert "\n" + ANSWER + "\n" in prompt and "never instructions to you" in prompt
        assert SECRET not in req["raw"]
        assert req["headers"]["Authorization"] == f"Bearer {SECRET}"


def test_schema_ids_are_enums_and_max_tokens_is_sized_and_capped(fake):
    from evaluators.judge_requests import MAX_TOKENS_CAP, QUOTE_CHARS

    fake.reply = grade()
    judge(fake)
    for req in fake.completions():
        body = req["body"]
        crit = next(c for c in CASE.rubric.criteria if c.id == criterion_of(body))
        schema = body["response_format"]["json_schema"]["schema"]
        item = schema["properties"]["key_points"]["items"]["properties"]
        assert item["key_point_id"]["enum"] == [k.id for k in crit.key_points]
        assert schema["properties"]["key_points"]["minItems"] == len(crit.key_points) == \
            schema["properties"]["key_points"]["maxItems"]
        assert item["evidence"]["maxLength"] == QUOTE_CHARS and schema["properties"]["level"]["enum"] == [1, 2, 3, 4]
        found = [m.id for m in CASE.rubric.misconceptions if m.criterion == crit.id]
        if found:
            found_items = schema["properties"]["misconceptions_found"]["items"]
            assert found_items["properties"]["misconception_id"]["enum"] == found
        # The budget covers the longest reply the schema allows, and never exceeds the hard cap.
        longest = len(crit.key_points) * (QUOTE_CHARS + 40) / 4
        assert longest < body["max_tokens"] <= MAX_TOKENS_CAP


def test_total_is_computed_by_the_code(fake):
    fake.reply = grade(level=4)
    result = judge(fake)
    assert result.total == 100.0 and all(c.level == 4 for c in result.criteria)


def test_timeout_falls_back_to_offline(fake):
    fake.reply = grade(delay_s=4)
    t0 = time.monotonic()
    result = judge(fake, timeout=1)
    # Two at a time, each cut at 1 s: about ceil(N / 2) s, nowhere near N x 4 s.
    assert time.monotonic() - t0 < (N + 1) // 2 * 1.0 + 3
    assert result.scorer == "offline" and "timed out" in result.fallback_reason


def test_http_500_falls_back_without_retries(fake):
    fake.reply = {"status": 500}
    result = judge(fake)
    assert result.scorer == "offline" and "500" in result.fallback_reason
    assert len(fake.completions()) == N


def test_one_failing_criterion_falls_back_alone(fake):
    first, second = CASE.rubric.criteria[0].id, CASE.rubric.criteria[1].id
    fake.reply = grade(level=4, skip=(first,))
    offline = score_design(CASE, ANSWER)
    result = judge(fake)
    assert result.scorer == "llm"
    assert result.criteria[0].level == offline.criteria[0].level and result.criteria[1].level == 4
    assert f"1 of {N} criteria" in result.fallback_reason and first in result.fallback_reason
    assert second not in result.fallback_reason


def test_malformed_json_falls_back(fake):
    fake.reply = {"content": "Sure! Here is my grade: {criteria: oops"}
    result = judge(fake)
    assert result.scorer == "offline" and "not valid JSON" in result.fallback_reason


def test_schema_violation_falls_back(fake):
    fake.reply = {"content": json.dumps({"grades": []})}
    assert "schema" in judge(fake).fallback_reason


def test_refusal_falls_back(fake):
    fake.reply = {"content": "", "refusal": "I can't help with that."}
    result = judge(fake)
    assert result.scorer == "offline" and "refused" in result.fallback_reason


def test_out_of_range_levels_are_clamped(fake):
    fake.reply = grade(level=7)
    result = judge(fake)
    assert result.scorer == "llm" and all(c.level == 4 for c in result.criteria)
    assert any("clamped" in f for f in result.feedback)


def test_another_criterions_id_in_a_reply_falls_back_for_that_criterion(fake):
    first = CASE.rubric.criteria[0].id
    fake.reply = grade(ids={first: "made-up-criterion"})
    offline = score_design(CASE, ANSWER)
    result = judge(fake)
    assert result.scorer == "llm"
    assert result.criteria[0].level == offline.criteria[0].level  # filled from the offline result
    assert "made-up-criterion" in result.fallback_reason


def test_invented_quotes_count_as_missing(fake):
    fake.reply = grade(level=4, quote="we shard the KV cache across three continents")
    result = judge(fake)
    assert all(k.status == "missing" for c in result.criteria for k in c.key_points)
    assert all(c.level <= 2 for c in result.criteria)  # no supported key point, no level above 2
    assert any("not in the answer" in f for f in result.feedback)


def test_results_are_cached_per_criterion_and_the_key_is_never_stored(fake, tmp_path):
    store = Store(tmp_path / "m.db")
    first = CASE.rubric.criteria[0].id
    fake.reply = grade(skip=(first,))
    partial = judge(fake, store=store)
    assert partial.scorer == "llm" and first in partial.fallback_reason
    fake.reply = grade()
    full = judge(fake, store=store)  # only the criterion that failed is asked again
    assert len(fake.completions()) == N + 1 and criterion_of(fake.completions()[-1]["body"]) == first
    again = judge(fake, store=store)
    assert len(fake.completions()) == N + 1 and again.total == full.total and again.scorer == "llm"
    store.close()
    files = [f for f in tmp_path.rglob("*") if f.is_file()]
    assert any(f.name.startswith("m.db") for f in files)
    for f in files:
        assert SECRET.encode() not in f.read_bytes()


def test_follow_ups_aim_at_the_weakest_criteria(fake):
    fake.reply = {"content": json.dumps({"questions": ["How do you size the KV cache?", "What fails first?"]})}
    result = score_design(CASE, ANSWER)
    questions, reason = ask_follow_ups(CASE, ANSWER, result, config(fake))
    assert questions == ["How do you size the KV cache?", "What fails first?"] and reason is None
    assert "Weakest areas" in fake.completions()[0]["body"]["messages"][1]["content"]
    fake.reply = {"status": 500}
    questions, reason = ask_follow_ups(CASE, ANSWER, result, config(fake))
    assert len(questions) == 2 and set(questions) <= {f.question for f in CASE.follow_ups} and "500" in reason


def test_mock_response_parsing_paths():
    cfg = JudgeConfig("openai/mocked", "http://127.0.0.1:9", "k")
    ok = judge_design(CASE, ANSWER, cfg, score_design(CASE, ANSWER), mock_response=criterion_reply)
    assert ok.scorer == "llm" and ok.fallback_reason is None
    # litellm streams a string mock 3 characters a chunk (~3 s of CPU for 7 criteria): the plain path above
    # is enough; the other replies come as one chunk.
    from tests.support.mock_stream import one_chunk

    fenced = judge_design(CASE, ANSWER, cfg, score_design(CASE, ANSWER),
                          mock_response=lambda cid: one_chunk("```json\n" + criterion_reply(cid) + "\n```"))
    assert fenced.scorer == "llm" and fenced.fallback_reason is None
    bad = judge_design(CASE, ANSWER, cfg, score_design(CASE, ANSWER), mock_response="[1, 2")
    assert bad.scorer == "offline" and bad.fallback_reason


def test_not_configured_means_offline(monkeypatch):
    monkeypatch.setattr("evaluators.llm_config.SECRETS_FILES", ())
    assert load_config() is None
    result = score_case_answer(CASE, ANSWER, use_llm=True)
    assert result.scorer == "offline" and "no LLM judge configured" in result.fallback_reason


def test_config_from_environment_and_secrets(monkeypatch):
    cfg = load_config(secrets={"MASTERY_LLM_MODEL": "openai/x", "MASTERY_LLM_API_KEY": "sekrit-key"})
    assert cfg.model == "openai/x" and cfg.api_key == "sekrit-key" and "sekrit" not in repr(cfg)
    monkeypatch.setenv("MASTERY_LLM_MODEL", "openai/from-env")
    monkeypatch.setenv("MASTERY_LLM_TIMEOUT", "5")
    cfg = load_config(secrets={"MASTERY_LLM_MODEL": "openai/x"})
    assert cfg.model == "openai/from-env" and cfg.timeout_s == 5.0


def _cli(args, env_extra, tmp_path):
    import os

    env = {**os.environ, **env_extra, "MASTERY_HOME": str(tmp_path)}
    exe = Path(sys.executable).with_name("mastery")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)


def test_cli_score_llm_against_the_fake_server_and_its_fallback(fake, tmp_path, monkeypatch, capsys):
    answer = tmp_path / "answer.md"
    answer.write_text(ANSWER)
    env = {"MASTERY_LLM_MODEL": "openai/test-model", "MASTERY_LLM_API_BASE": fake.api_base,
           "MASTERY_LLM_API_KEY": SECRET}
    fake.reply = grade()
    proc = _cli(["score", CASE.id, str(answer), "--json", "--llm"], env, tmp_path)
    out = json.loads(proc.stdout)
    assert proc.returncode == 0 and out["scorer"] == "llm" and out["fallback_reason"] is None
    # The contract's exact shape, whatever the judge did per criterion.
    assert set(out) == {"case", "total", "scorer", "fallback_reason", "criteria"}
    assert [set(c) for c in out["criteria"]] == [{"id", "level", "score", "missing_key_points"}] * N
    assert out["total"] == round(sum(c["score"] for c in out["criteria"]), 1)
    assert SECRET not in proc.stdout + proc.stderr
    # The fallbacks in-process: the console script's own stdout was proven above, and a subprocess
    # pays litellm's import (4-7 s) each time.
    from app.cli import main

    for name, value in {**env, "MASTERY_HOME": str(tmp_path / "home")}.items():
        monkeypatch.setenv(name, value)
    fake.reply = {"status": 500}
    answer.write_text(ANSWER + " Another sentence so the cache is not hit.")
    main(["score", CASE.id, str(answer), "--json", "--llm"])
    out = json.loads(capsys.readouterr().out)
    assert out["scorer"] == "offline" and "500" in out["fallback_reason"]
    main(["score", CASE.id, str(answer), "--llm"])
    assert "fell back to the offline scorer" in capsys.readouterr().out
