"""The optional LLM check of a short answer on the Question bank page, with the offline check to fall back on.

The judge sees the question, its reference answer and key points (and the question's catalogued false
claims, when it has any), and marks each key point covered / partial / missing / incorrect with a quote.
The score is computed here: covered 1, partial 0.5, otherwise 0, over the key points; a quoted false
claim caps it below the "Partly" threshold, so a wrong-but-on-topic answer never suggests better than
"Not yet". Any failure returns the offline analysis with the reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from evaluators.judge_requests import QUOTE_CHARS, make_tag, request_tokens, short_answer_request
from evaluators.llm_config import JudgeConfig
from evaluators.scoring import AnswerAnalysis

FALSE_CLAIM_CAP = 0.3  # below AnswerAnalysis's "partly" threshold (0.35)


@dataclass
class ShortAnswerJudgement:
    analysis: AnswerAnalysis
    scorer: str                                   # "llm" | "offline"
    fallback_reason: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)   # key point -> quote
    incorrect: list[str] = field(default_factory=list)        # key points the answer gets wrong
    false_claims: list[dict] = field(default_factory=list)    # {claim, correction, quote}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def judge_short_answer(question, answer: str, config: JudgeConfig, offline: AnswerAnalysis,
                       mock_response: str | None = None) -> ShortAnswerJudgement:
    """`question` has prompt, answer (the reference), key_points and misconceptions (claim, correction)."""
    from evaluators import server_context
    from evaluators.llm_judge import JudgeError, stream_call

    if not answer.strip():
        return ShortAnswerJudgement(offline, "offline", "the answer is empty")
    points = list(question.key_points) or [question.answer[:300]]
    claims = [(m.claim, m.correction) for m in getattr(question, "misconceptions", [])]
    request = short_answer_request(question.prompt, question.answer, points, claims, answer, make_tag(answer))
    if mock_response is None:
        info = server_context.probe_context(config.api_base, config.model, config.api_key)
        refused = server_context.refusal(info, request_tokens(request))
        if refused:
            return ShortAnswerJudgement(offline, "offline", refused)
    try:
        reply = stream_call(config, request, mock_response=mock_response)
        data = json.loads(reply.content.strip().removeprefix("```json").removesuffix("```"))
        checks = {c["key_point_id"]: c for c in data["key_points"] if isinstance(c, dict) and "key_point_id" in c}
        found = [f for f in data.get("misconceptions_found", []) if isinstance(f, dict)]
    except JudgeError as exc:
        return ShortAnswerJudgement(offline, "offline", str(exc))
    except (ValueError, KeyError, TypeError, AttributeError):
        return ShortAnswerJudgement(offline, "offline", "the judge's reply does not match the schema")
    answer_norm = _norm(answer)
    result = ShortAnswerJudgement(AnswerAnalysis(0.0), "llm")
    credit = 0.0
    for kp_id, point in zip(request["kp_ids"], points, strict=True):
        check = checks.get(kp_id, {})
        status = check.get("status")
        if status not in ("covered", "partial", "missing", "incorrect"):
            status = "missing"
        quote = str(check.get("evidence") or "").strip()
        if status in ("covered", "partial") and not (quote and _norm(quote) in answer_norm):
            status = "missing"  # an invented quote supports nothing
        if status == "covered":
            result.analysis.covered.append(point)
            credit += 1
        elif status == "partial":
            result.analysis.partial.append(point)
            credit += 0.5
        else:
            result.analysis.missed.append(point)
            if status == "incorrect":
                result.incorrect.append(point)
        if status in ("covered", "partial"):
            result.evidence[point] = quote[:QUOTE_CHARS]
    by_id = dict(zip(request["m_ids"], claims, strict=True))
    for f in found:
        claim = by_id.get(f.get("misconception_id"))
        quote = str(f.get("quote") or "").strip()
        if claim and quote and _norm(quote) in answer_norm:
            result.false_claims.append({"claim": claim[0], "correction": claim[1], "quote": quote[:QUOTE_CHARS]})
    score = credit / len(points)
    if result.false_claims or result.incorrect:
        score = min(score, FALSE_CLAIM_CAP)
    result.analysis.score = round(score, 3)
    return result
