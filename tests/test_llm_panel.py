"""The judge on the pages: Test connection (Settings), the LLM check (Question bank), and the Design page's
per-criterion panel with its Cancel path."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from evaluators import server_context
from tests.support.fake_llm import FakeLLM

MAIN = str(Path(__file__).resolve().parents[1] / "app" / "main.py")


@pytest.fixture
def fake():
    server_context.clear_cache()
    with FakeLLM() as server:
        yield server


def _app(fake):
    at = AppTest.from_file(MAIN, default_timeout=120)
    at.session_state["llm_overrides"] = {"MASTERY_LLM_MODEL": "openai/fake", "MASTERY_LLM_API_BASE": fake.api_base,
                                         "MASTERY_LLM_API_KEY": "sk-panel"}
    at.run()
    return at


def test_settings_test_connection_reports_latency_tokens_and_schema(fake):
    fake.context["props"] = {"default_generation_settings": {"n_ctx": 4096}}
    fake.reply = {"content": json.dumps({"reply": "pong", "sum": 5}), "chunk_chars": 4}
    at = _app(fake)
    at.switch_page("views/settings.py").run()
    at.button(key="llm_test").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    # Streamed 4 characters a chunk (one chunk is one token), 27 characters of JSON are 7 tokens.
    assert metrics["Schema honoured"] == "yes" and metrics["Tokens"] == "7" and metrics["Latency"].endswith(" s")
    assert any("4096 tokens (llama.cpp GET /props n_ctx)" in c.value for c in at.caption)
    fake.reply = {"status": 500}
    at.button(key="llm_test").click().run()
    assert any("Test connection failed" in e.value and "500" in e.value for e in at.error)


def test_question_bank_llm_check_shows_quotes_and_falls_back(fake):
    at = _app(fake)
    at.switch_page("views/question_bank.py").run()
    from question_bank.loader import load_bank

    qid = at.selectbox(key="qb_selected").value
    q = load_bank().by_id()[qid]
    typed = "Each request keeps its own cache on the GPU, so memory grows with the batch."
    n = max(1, len(q.key_points))
    fake.reply = {"content": json.dumps({"key_points": [
        {"key_point_id": f"kp{i + 1}", "evidence": "keeps its own cache" if i == 0 else "",
         "status": "covered" if i == 0 else "missing"} for i in range(n)], "misconceptions_found": []})}
    at.text_area(key=f"qb_typed_{qid}").input(typed).run()
    at.button(key=f"qb_llm_{qid}_run").click().run()
    assert not at.exception
    assert any(f"LLM judge: {1 / n:.0%}" in i.value for i in at.info)
    assert any("> keeps its own cache" in m.value for m in at.markdown)
    fake.reply = {"status": 500}
    at.button(key=f"qb_llm_{qid}_run").click().run()
    assert any("could not be used" in w.value and "500" in w.value for w in at.warning)


def _panel_script():
    import streamlit as st

    from app.widgets.llm_panel import design_judge, judge_notes
    from design_cases.loader import load_cases
    from evaluators.llm_config import JudgeConfig
    from evaluators.rubric_scoring import score_design

    case = load_cases().by_id()["openai-chat-serving"]
    answer = "We use continuous batching so new requests join the running batch at every decode step."
    config = JudgeConfig("openai/fake", st.session_state["api_base"], "k", 5.0, 2)
    result, outcomes = design_judge(case, answer, config, score_design(case, answer).to_dict(), None, key="t")
    st.session_state["result"] = result
    judge_notes(case, outcomes)


def test_design_panel_streams_per_criterion_and_cancel_keeps_what_was_graded(fake):
    from design_cases.loader import load_cases
    from tests.test_llm_judge import criterion_of, criterion_reply

    case = load_cases().by_id()["openai-chat-serving"]
    crits = case.rubric.criteria
    bad = crits[1].id
    fake.reply = lambda body: ({"junk": True} if criterion_of(body) == bad
                               else {"content": criterion_reply(criterion_of(body), level=4,
                                                                quote="continuous batching")})
    at = AppTest.from_function(_panel_script, default_timeout=120)
    at.session_state["api_base"] = fake.api_base
    at.run()
    assert not at.exception
    result = at.session_state["result"]
    assert result["scorer"] == "llm" and f"1 of {len(crits)} criteria ({bad}: the reply hit max_tokens" in \
        result["fallback_reason"]
    assert at.get("progress")[0].proto.value == 100
    notes = "\n".join(m.value for m in at.markdown)
    assert f"{len(crits) - 1} of {len(crits)} graded by the LLM" in at.expander[0].label
    assert "offline result used: the reply hit max_tokens" in notes
    # Cancel: a run that was interrupted after two criteria keeps those two and marks the rest cancelled.
    graded = {}
    for c in crits[:2]:
        graded[c.id] = {"criterion_id": c.id, "scorer": "llm", "reason": None, "seconds": 0.5,
                        "result": next(x for x in result["criteria"] if x["id"] == c.id)}
    at.session_state["t_outcomes"] = graded
    n_requests = len(fake.completions())
    at.button(key="t_cancel").click().run()
    result = at.session_state["result"]
    assert len(fake.completions()) == n_requests  # nothing more was sent
    assert f"offline result used for {len(crits) - 2} of {len(crits)} criteria" in result["fallback_reason"]
    assert result["fallback_reason"].count("cancelled") == len(crits) - 2
