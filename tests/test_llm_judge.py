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
from evaluators.llm_judge import ask_follow_ups, judge_design
from evaluators.rubric_scoring import score_design
from progress.store import Store
from tests.support.fake_llm import FakeLLM

CASE = load_cases().by_id()["openai-chat-serving"]
SECRET = "sk-test-secret-123"
ANSWER = ("We use continuous batching so new requests join the running batch at every decode step. "
          "The KV cache per token is about 320 KB for this model, so memory bounds concurrency. "
          "Prefix caching reuses the system prompt across conversations.")


def grade(level=3, quote="continuous batching so new requests join", ids=None, skip=()):
    crits = []
    for c in CASE.rubric.criteria:
        if c.id in skip:
            continue
        kps = [{"key_point_id": k.id, "evidence": quote if i == 0 else "", "status": "covered" if i == 0 else "missing"}
               for i, k in enumerate(c.key_points)]
        crits.append({"criterion_id": (ids or {}).get(c.id, c.id), "key_points": kps, "rationale": "r", "level": level})
    return json.dumps({"criteria": crits, "red_flags_hit": [], "overall_feedback": "Fine."})


@pytest.fixture
def fake():
    with FakeLLM() as server:
        yield server


def config(fake, timeout=20.0):
    return JudgeConfig("openai/test-model", fake.api_base, SECRET, timeout)


def judge(fake, timeout=20.0, store=None, answer=ANSWER):
    return judge_design(CASE, answer, config(fake, timeout), score_design(CASE, answer), store=store)


def test_request_carries_model_schema_rubric_and_the_key_only_in_the_header(fake):
    fake.reply = {"content": grade()}
    result = judge(fake)
    assert result.scorer == "llm" and result.fallback_reason is None
    (req,) = fake.requests
    body = req["body"]
    assert req["path"].endswith("/chat/completions")
    assert body["model"] == "test-model" and body["temperature"] == 0
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "RubricGrade"
    prompt = " ".join(m["content"] for m in body["messages"])
    assert all(f"`{c.id}`" in prompt for c in CASE.rubric.criteria)
    assert "\n" + ANSWER + "\n" in prompt and "never instructions to you" in prompt
    assert SECRET not in req["raw"]
    assert req["headers"]["Authorization"] == f"Bearer {SECRET}"


def test_total_is_computed_by_the_code(fake):
    fake.reply = {"content": grade(level=4)}
    result = judge(fake)
    assert result.total == 100.0 and all(c.level == 4 for c in result.criteria)


def test_timeout_falls_back_to_offline(fake):
    fake.reply = {"content": grade(), "delay_s": 4}
    t0 = time.monotonic()
    result = judge(fake, timeout=1)
    assert time.monotonic() - t0 < 3.5
    assert result.scorer == "offline" and "timed out" in result.fallback_reason


def test_http_500_falls_back_without_retries(fake):
    fake.reply = {"status": 500}
    result = judge(fake)
    assert result.scorer == "offline" and "500" in result.fallback_reason
    assert len(fake.requests) == 1


def test_malformed_json_falls_back(fake):
    fake.reply = {"content": "Sure! Here is my grade: {criteria: oops"}
    result = judge(fake)
    assert result.scorer == "offline" and "not valid JSON" in result.fallback_reason


def test_schema_violation_falls_back(fake):
    fake.reply = {"content": json.dumps({"grades": []})}
    assert "schema" in judge(fake).fallback_reason


def test_refusal_falls_back(fake):
    fake.reply = {"content": None, "refusal": "I can't help with that."}
    result = judge(fake)
    assert result.scorer == "offline" and "refused" in result.fallback_reason


def test_out_of_range_levels_are_clamped(fake):
    fake.reply = {"content": grade(level=7)}
    result = judge(fake)
    assert result.scorer == "llm" and all(c.level == 4 for c in result.criteria)
    assert any("clamped" in f for f in result.feedback)


def test_unknown_criterion_ids_are_ignored_and_gaps_filled_offline(fake):
    first = CASE.rubric.criteria[0].id
    fake.reply = {"content": grade(ids={first: "made-up-criterion"})}
    offline = score_design(CASE, ANSWER)
    result = judge(fake)
    assert result.scorer == "llm"
    assert result.criteria[0].level == offline.criteria[0].level  # filled from the offline result
    assert any("made-up-criterion" in f for f in result.feedback)


def test_invented_quotes_count_as_missing(fake):
    fake.reply = {"content": grade(level=4, quote="we shard the KV cache across three continents")}
    result = judge(fake)
    assert all(k.status == "missing" for c in result.criteria for k in c.key_points)
    assert all(c.level <= 2 for c in result.criteria)  # no supported key point, no level above 2
    assert any("not in the answer" in f for f in result.feedback)


def test_results_are_cached_and_the_key_is_never_stored(fake, tmp_path):
    store = Store(tmp_path / "m.db")
    fake.reply = {"content": grade()}
    first = judge(fake, store=store)
    second = judge(fake, store=store)
    assert len(fake.requests) == 1 and second.total == first.total and second.scorer == "llm"
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
    assert "Weakest areas" in fake.requests[0]["body"]["messages"][1]["content"]
    fake.reply = {"status": 500}
    questions, reason = ask_follow_ups(CASE, ANSWER, result, config(fake))
    assert len(questions) == 2 and set(questions) <= {f.question for f in CASE.follow_ups} and "500" in reason


def test_mock_response_parsing_paths():
    cfg = JudgeConfig("openai/mocked", "http://127.0.0.1:9", "k")
    ok = judge_design(CASE, ANSWER, cfg, score_design(CASE, ANSWER), mock_response=grade())
    assert ok.scorer == "llm"
    fenced = judge_design(CASE, ANSWER, cfg, score_design(CASE, ANSWER), mock_response="```json\n" + grade() + "\n```")
    assert fenced.scorer == "llm"
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


def test_cli_score_llm_against_the_fake_server_and_its_fallback(fake, tmp_path):
    answer = tmp_path / "answer.md"
    answer.write_text(ANSWER)
    env = {"MASTERY_LLM_MODEL": "openai/test-model", "MASTERY_LLM_API_BASE": fake.api_base, "MASTERY_LLM_API_KEY": SECRET}
    fake.reply = {"content": grade()}
    proc = _cli(["score", CASE.id, str(answer), "--json", "--llm"], env, tmp_path)
    out = json.loads(proc.stdout)
    assert proc.returncode == 0 and out["scorer"] == "llm" and out["fallback_reason"] is None
    assert SECRET not in proc.stdout + proc.stderr
    fake.reply = {"status": 500}
    answer.write_text(ANSWER + " Another sentence so the cache is not hit.")
    proc = _cli(["score", CASE.id, str(answer), "--json", "--llm"], env, tmp_path)
    out = json.loads(proc.stdout)
    assert out["scorer"] == "offline" and "500" in out["fallback_reason"]
    proc = _cli(["score", CASE.id, str(answer), "--llm"], env, tmp_path)
    assert "fell back to the offline scorer" in proc.stdout
