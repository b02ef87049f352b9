"""The Question bank's optional LLM check and the Settings page's Test connection, against the fake server."""

import json

import pytest

from evaluators import server_context
from evaluators.llm_config import JudgeConfig
from evaluators.llm_judge import check_connection
from evaluators.scoring import analyse_answer
from evaluators.short_answer_judge import judge_short_answer
from question_bank.loader import load_bank
from question_bank.models import QuestionMisconception
from tests.support.fake_llm import FakeLLM

Q = next(q for q in load_bank().questions if len(q.key_points) >= 3)
WRONG = QuestionMisconception(claim="The KV cache is stored in fp32.", phrasings=["kv cache in fp32", "fp32 kv"],
                              correction="Serving stores it in the model's dtype, usually bf16 or fp16, or fp8.")
QM = Q.model_copy(update={"misconceptions": [WRONG]})
ANSWER = "It depends on the batch size because each request holds its own cache in fp32 on the GPU."


@pytest.fixture
def fake():
    server_context.clear_cache()
    with FakeLLM() as server:
        yield server


def cfg(fake, timeout=20.0):
    return JudgeConfig("openai/test-model", fake.api_base, "sk-x", timeout)


def reply(statuses, quote="each request holds its own cache", found=()):
    return json.dumps({"key_points": [{"key_point_id": f"kp{i + 1}", "evidence": quote if s != "missing" else "",
                                       "status": s} for i, s in enumerate(statuses)],
                       "misconceptions_found": list(found)})


def test_the_request_has_the_question_reference_key_points_and_enum_ids(fake):
    fake.reply = {"content": reply(["covered"] * len(Q.key_points))}
    judged = judge_short_answer(QM, ANSWER, cfg(fake), analyse_answer(Q.prompt, Q.answer, ANSWER, Q.key_points))
    (req,) = fake.completions()
    body = req["body"]
    user = body["messages"][1]["content"]
    assert Q.prompt in user and Q.answer in user and all(p in user for p in Q.key_points) and WRONG.claim in user
    schema = body["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["key_points"]["items"]["properties"]["key_point_id"]["enum"] == \
        [f"kp{i + 1}" for i in range(len(Q.key_points))]
    assert schema["properties"]["misconceptions_found"]["items"]["properties"]["misconception_id"]["enum"] == ["m1"]
    assert 0 < body["max_tokens"] <= 1536
    assert judged.scorer == "llm" and judged.analysis.score == 1.0 and judged.analysis.suggested_rating == "knew"
    assert judged.evidence[Q.key_points[0]] == "each request holds its own cache"


def test_partial_credit_and_invented_quotes(fake):
    n = len(Q.key_points)
    fake.reply = {"content": reply(["covered", "partial"] + ["missing"] * (n - 2))}
    judged = judge_short_answer(Q, ANSWER, cfg(fake), analyse_answer(Q.prompt, Q.answer, ANSWER, Q.key_points))
    assert judged.analysis.score == round(1.5 / n, 3) and judged.analysis.covered == [Q.key_points[0]]
    fake.reply = {"content": reply(["covered"] * n, quote="words the candidate never wrote")}
    judged = judge_short_answer(Q, ANSWER, cfg(fake), analyse_answer(Q.prompt, Q.answer, ANSWER, Q.key_points))
    assert judged.analysis.score == 0.0 and judged.analysis.missed == list(Q.key_points)


def test_a_wrong_but_on_topic_answer_never_suggests_better_than_not_yet(fake):
    n = len(Q.key_points)
    fake.reply = {"content": reply(["covered"] * n, found=[{"misconception_id": "m1", "quote": "cache in fp32"}])}
    judged = judge_short_answer(QM, ANSWER, cfg(fake), analyse_answer(Q.prompt, Q.answer, ANSWER, Q.key_points))
    assert judged.analysis.suggested_rating == "not" and judged.false_claims[0]["correction"] == WRONG.correction
    fake.reply = {"content": reply(["incorrect"] + ["covered"] * (n - 1))}
    judged = judge_short_answer(Q, ANSWER, cfg(fake), analyse_answer(Q.prompt, Q.answer, ANSWER, Q.key_points))
    assert judged.analysis.suggested_rating == "not" and judged.incorrect == [Q.key_points[0]]


@pytest.mark.parametrize("fake_reply, reason", [
    ({"status": 500}, "500"), ({"content": "not json"}, "schema"), ({"junk": True}, "max_tokens"),
])
def test_failures_fall_back_to_the_offline_check(fake, fake_reply, reason):
    fake.reply = fake_reply
    offline = analyse_answer(Q.prompt, Q.answer, ANSWER, Q.key_points)
    judged = judge_short_answer(Q, ANSWER, cfg(fake), offline)
    assert judged.scorer == "offline" and reason in judged.fallback_reason and judged.analysis is offline


def test_a_context_too_small_is_refused(fake):
    fake.context["props"] = {"default_generation_settings": {"n_ctx": 256}}
    judged = judge_short_answer(Q, ANSWER, cfg(fake), analyse_answer(Q.prompt, Q.answer, ANSWER, Q.key_points))
    assert judged.scorer == "offline" and "-c " in judged.fallback_reason and fake.completions() == []


def test_connection_reports_latency_tokens_and_schema(fake):
    fake.context["props"] = {"default_generation_settings": {"n_ctx": 8192}}
    fake.reply = {"content": json.dumps({"reply": "pong", "sum": 5})}
    report = check_connection(cfg(fake))
    assert report.ok and report.schema_honoured and report.seconds > 0 and report.completion_tokens > 0
    assert report.tokens_per_s > 0 and "8192" in report.context
    body = fake.completions()[0]["body"]
    schema = body["response_format"]["json_schema"]["schema"]
    assert body["max_tokens"] == 32 and schema["properties"]["reply"]["enum"] == ["pong"]
    fake.reply = {"content": "pong! the sum is 5"}
    report = check_connection(cfg(fake))
    assert report.ok and report.schema_honoured is False and "did not keep to the schema" in report.message
    fake.reply = {"status": 500}
    report = check_connection(cfg(fake))
    assert not report.ok and "500" in report.message
