"""The optional LLM judge for design answers, through litellm and any OpenAI-compatible endpoint.

One request per rubric criterion (run a few at a time), each small enough for a 4k context, with ids as
enums of that criterion's real ids, bounded quotes and `max_tokens` sized to the schema, streamed so a
reply that runs on is cut off at its token budget or its deadline, and so Cancel stops it. The code
computes the total, rejects quotes that are not in the answer (that key point counts as missing), caps
a criterion at level 2 when the judge finds a catalogued false claim (quoted), and a criterion whose
request fails in any way (timeout, HTTP error, refusal, runaway or malformed reply) gets the offline
result for that criterion only, with the reason. Before sending, the server's context size is checked
where the server reports it. Grades are cached per criterion in SQLite on (case#criterion, prompt
version + answer hash, model).

litellm costs seconds and ~190 MB to import and fetches a price list at import unless told not to,
so it is imported here, lazily, only when a judge is actually called.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field, replace

from pydantic import BaseModel, ConfigDict, ValidationError

from design_cases.models import Criterion, DesignCase
from design_cases.self_review import criterion_score
from evaluators import server_context
from evaluators.judge_requests import (
    PROMPT_VERSION,
    QUOTE_CHARS,
    criterion_request,
    data_rules,
    fence,
    make_tag,
    misconceptions_for,
    request_tokens,
)
from evaluators.llm_config import JudgeConfig
from evaluators.rubric_scoring import INJECTION_CAP, CriterionResult, KeyPointResult, RubricScore, Status

STREAM_SLACK_TOKENS = 8  # chunks beyond max_tokens before a server that ignores max_tokens is cut off


class FollowUpQuestions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    questions: list[str]


# Lenient shapes for reading a reply: wrong values are corrected, not fatal.
class _LooseKeyPoint(BaseModel):
    key_point_id: str
    evidence: str = ""
    status: str = "missing"


class _LooseFound(BaseModel):
    misconception_id: str
    quote: str = ""


class _LooseCriterion(BaseModel):
    criterion_id: str = ""
    key_points: list[_LooseKeyPoint] = []
    misconceptions_found: list[_LooseFound] = []
    rationale: str = ""
    level: int | float | str


class JudgeError(Exception):
    """Why the judge's answer could not be used; the message is shown as the fallback reason."""

    completion_tokens: int | None = None  # how much of a reply arrived before it failed


@dataclass
class Reply:
    content: str
    seconds: float
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


@dataclass
class CriterionOutcome:
    """One criterion's grade as it arrives: the LLM's, or the offline one with the reason."""
    criterion_id: str
    result: CriterionResult
    scorer: str                          # "llm" | "offline"
    reason: str | None = None            # why the offline result was used
    notes: list[str] = field(default_factory=list)   # corrections made to the judge's reply
    false_claims: list[dict] = field(default_factory=list)  # {id, claim, correction, quote}
    seconds: float = 0.0
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cached: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def _import_litellm():
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True
    return litellm


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def _error(exc: Exception, config: JudgeConfig) -> JudgeError:
    name = type(exc).__name__
    if "repeating the same chunk" in str(exc):  # litellm's own guard against a looping model
        return JudgeError("the model repeated the same output and was cut off")
    if "Timeout" in name or "timed out" in str(exc).lower():
        return JudgeError(f"the judge timed out after {config.timeout_s:g} s")
    status = getattr(exc, "status_code", None)
    return JudgeError(f"the judge failed: {name}" + (f" (HTTP {status})" if status else ""))


def _call(config: JudgeConfig, messages: list[dict], schema, **extra) -> str:
    """A plain (non-streamed) call, for the short follow-up questions."""
    litellm = _import_litellm()
    try:
        response = litellm.completion(
            model=config.model, api_base=config.api_base, api_key=config.api_key or "not-needed",
            messages=messages, response_format=schema, temperature=0, timeout=config.timeout_s,
            num_retries=0, **extra,
        )
    except Exception as exc:  # noqa: BLE001 - every provider error becomes a fallback reason
        raise _error(exc, config) from exc
    message = response.choices[0].message
    # litellm moves OpenAI's `refusal` field into provider_specific_fields.
    extra = getattr(message, "provider_specific_fields", None) or {}
    refusal = getattr(message, "refusal", None) or extra.get("refusal")
    if refusal:
        raise JudgeError(f"the judge refused: {str(refusal)[:200]}")
    content = message.content
    if not content or not str(content).strip():
        raise JudgeError("the judge returned an empty reply")
    return str(content)


def stream_call(config: JudgeConfig, request: dict, cancel: threading.Event | None = None,
                mock_response=None) -> Reply:
    """Stream one reply; cut it off at its token budget, its deadline, or Cancel. Raises JudgeError."""
    litellm = _import_litellm()
    max_tokens = request["max_tokens"]
    started = time.monotonic()
    deadline = started + config.timeout_s
    extra = {"mock_response": mock_response} if mock_response is not None else {}
    try:
        stream = litellm.completion(
            model=config.model, api_base=config.api_base, api_key=config.api_key or "not-needed",
            messages=request["messages"], response_format=request["response_format"], max_tokens=max_tokens,
            temperature=0, timeout=config.timeout_s, num_retries=0, stream=True,
            stream_options={"include_usage": True}, **extra)
    except Exception as exc:  # noqa: BLE001
        raise _error(exc, config) from exc
    parts: list[str] = []
    chunks, finish, usage = 0, None, None
    try:
        for chunk in stream:
            if cancel is not None and cancel.is_set():
                raise JudgeError("cancelled")
            if time.monotonic() > deadline:
                raise JudgeError(f"the judge timed out after {config.timeout_s:g} s")
            usage = getattr(chunk, "usage", None) or usage
            if not chunk.choices:
                continue
            choice = chunk.choices[0]
            delta = choice.delta
            extra = getattr(delta, "provider_specific_fields", None) or {}
            refusal = getattr(delta, "refusal", None) or extra.get("refusal")
            if refusal:
                raise JudgeError(f"the judge refused: {str(refusal)[:200]}")
            if delta.content:
                parts.append(delta.content)
                chunks += 1
                if chunks > max_tokens + STREAM_SLACK_TOKENS:
                    raise JudgeError(f"the reply ran past max_tokens ({max_tokens}) and was cut off")
            finish = choice.finish_reason or finish
    except JudgeError as exc:
        exc.completion_tokens = chunks
        raise
    except Exception as exc:  # noqa: BLE001 - a read timeout or dropped connection mid-stream
        error = _error(exc, config)
        error.completion_tokens = chunks
        raise error from exc
    finally:
        closer = getattr(getattr(stream, "completion_stream", None), "close", None)
        if callable(closer):
            with contextlib.suppress(Exception):
                closer()  # drop the connection so the server stops generating
    content = "".join(parts)
    if finish == "length":
        error = JudgeError(f"the reply hit max_tokens ({max_tokens}) before the JSON was complete")
        error.completion_tokens = chunks
        raise error
    if not content.strip():
        raise JudgeError("the judge returned an empty reply")
    completion = getattr(usage, "completion_tokens", None) if usage else None
    prompt = getattr(usage, "prompt_tokens", None) if usage else None
    return Reply(content, time.monotonic() - started, prompt, completion or chunks)


def _load_json(content: str) -> dict:
    text = content.strip()
    fenced = re.match(r"^```(?:json)?\s*(.*?)\s*```$", text, re.S)
    if fenced:
        text = fenced.group(1)
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise JudgeError("the judge's reply is not valid JSON") from exc
    if not isinstance(data, dict):
        raise JudgeError("the judge's reply does not match the schema (not an object)")
    return data


def parse_criterion(case: DesignCase, crit: Criterion, answer: str,
                    content: str) -> tuple[CriterionResult, list[str], list[dict]]:
    """Validate and correct one criterion's reply (raises JudgeError when unusable)."""
    data = _load_json(content)
    if isinstance(data.get("criteria"), list) and data["criteria"]:  # a model that graded the whole rubric
        data = next((c for c in data["criteria"] if isinstance(c, dict) and c.get("criterion_id") == crit.id), {})
    try:
        g = _LooseCriterion.model_validate(data)
    except ValidationError as exc:
        raise JudgeError(f"the judge's reply does not match the schema ({exc.error_count()} problems)") from exc
    notes: list[str] = []
    if g.criterion_id and g.criterion_id != crit.id:
        raise JudgeError(f"the judge graded another criterion ({g.criterion_id[:40]!r})")
    try:
        level = int(round(float(g.level)))
    except (TypeError, ValueError) as exc:
        raise JudgeError("the judge gave no usable level") from exc
    if not 1 <= level <= 4:
        notes.append(f"level {g.level} was clamped into 1-4")
        level = min(4, max(1, level))
    answer_norm = _normalise(answer)

    def quoted(text: str) -> bool:
        return bool(text) and len(text) <= QUOTE_CHARS * 2 and _normalise(text) in answer_norm

    checks = {k.key_point_id: k for k in g.key_points}
    unknown = sorted(set(checks) - {k.id for k in crit.key_points})
    if unknown:
        notes.append(f"ignored unknown key point ids {', '.join(map(repr, unknown[:3]))}")
    results = []
    for kp in crit.key_points:
        check = checks.get(kp.id)
        status = check.status if check and check.status in ("covered", "partial", "missing", "incorrect") else "missing"
        evidence = (check.evidence or "").strip() if check else ""
        if status in ("covered", "partial") and not quoted(evidence):
            notes.append(f"the quote for {kp.id!r} is not in the answer; counted as missing")
            status, evidence = "missing", ""
        shown: Status = "covered" if status == "covered" else "partial" if status == "partial" else "missing"
        results.append(KeyPointResult(kp.id, kp.text, shown, evidence[:QUOTE_CHARS] or None))
    catalogue = {m.id: m for m in misconceptions_for(case, crit.id)}
    false_claims: list[dict] = []
    for f in g.misconceptions_found:
        m = catalogue.get(f.misconception_id)
        if m is None or any(c["id"] == m.id for c in false_claims):
            continue
        if not quoted(f.quote.strip()):  # an unquoted accusation costs nothing: the model may be wrong
            notes.append(f"false claim {m.id!r} reported without a quote from the answer; ignored")
            continue
        false_claims.append({"id": m.id, "claim": m.claim, "correction": m.correction, "quote": f.quote.strip()})
    if false_claims and level > 2:
        notes.append("level capped at 2: the answer asserts a known false claim")
        level = 2
    covered = sum(r.status == "covered" for r in results) + 0.5 * sum(r.status == "partial" for r in results)
    # A level the evidence cannot support is lowered: no quoted coverage, no level above 2.
    if covered == 0 and level > 2:
        notes.append("level lowered to 2: no key point was supported by a quote")
        level = 2
    missing = [r.text for r in results if r.status != "covered"]
    text = g.rationale.strip() or ("Missing: " + "; ".join(missing) if missing else "")
    text += "".join(f" False claim: \"{c['quote']}\". Correction: {c['correction']}" for c in false_claims)
    result = CriterionResult(crit.id, crit.name, crit.weight, level, round(criterion_score(crit.weight, level), 2),
                             round(covered / len(results), 3), results, text.strip())
    return result, notes, false_claims


# -- cache: one row per criterion ------------------------------------------------------------------
def answer_hash(answer: str) -> str:
    """Hash of the prompt version and the answer: a grade made with another prompt is never reused."""
    return hashlib.sha256(f"{PROMPT_VERSION}\n{answer}".encode()).hexdigest()


def _model_key(config: JudgeConfig) -> str:
    return f"{config.model}@{config.api_base or ''}"


def _cache_get(store, case_id: str, crit_id: str, digest: str, config: JudgeConfig) -> CriterionOutcome | None:
    if store is None:
        return None
    row = store.conn.execute("SELECT result FROM llm_cache WHERE case_id = ? AND answer_hash = ? AND model = ?",
                             (f"{case_id}#{crit_id}", digest, _model_key(config))).fetchone()
    if not row:
        return None
    d = json.loads(row[0])
    outcome = CriterionOutcome(**{**d, "result": _criterion_from_dict(d["result"])})
    outcome.cached = True
    return outcome


def _cache_put(store, case_id: str, digest: str, config: JudgeConfig, outcome: CriterionOutcome) -> None:
    if store is None or outcome.scorer != "llm":
        return
    from progress.clock import to_db, utc_now

    with store.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO llm_cache (case_id, answer_hash, model, result, created_at) "
                     "VALUES (?,?,?,?,?)",
                     (f"{case_id}#{outcome.criterion_id}", digest, _model_key(config),
                      json.dumps(outcome.to_dict()), to_db(utc_now())))


def _criterion_from_dict(c: dict) -> CriterionResult:
    kps = [KeyPointResult(**k) for k in c["key_points"]]
    return CriterionResult(c["id"], c["name"], c["weight"], c["level"], c["score"], c["coverage"], kps, c["feedback"])


def outcome_from_dict(d: dict) -> CriterionOutcome:
    return CriterionOutcome(**{**d, "result": _criterion_from_dict(d["result"])})


def rubric_score_from_dict(d: dict) -> RubricScore:
    criteria = [_criterion_from_dict(c) for c in d["criteria"]]
    return RubricScore(d["case"], d["total"], criteria, d.get("red_flags", []), d.get("ignored_sentences", []),
                       d.get("relevance", 1.0), d.get("feedback", []), d.get("scorer", "llm"), d.get("fallback_reason"))


# -- running the requests --------------------------------------------------------------------------
def _offline_outcome(offline: RubricScore, crit_id: str, reason: str) -> CriterionOutcome:
    result = copy.deepcopy(next(c for c in offline.criteria if c.id == crit_id))
    return CriterionOutcome(crit_id, result, "offline", reason)


def plan_requests(case: DesignCase, answer: str) -> dict[str, dict]:
    tag = make_tag(answer)
    return {c.id: criterion_request(case, c, answer, tag) for c in case.rubric.criteria}


def preflight(config: JudgeConfig, requests: dict[str, dict]) -> str | None:
    """Why nothing should be sent (the longest request does not fit the server's context), or None."""
    info = server_context.probe_context(config.api_base, config.model, config.api_key)
    return server_context.refusal(info, max(request_tokens(r) for r in requests.values()))


def iter_judge(case: DesignCase, answer: str, config: JudgeConfig, offline: RubricScore, store=None,
               cancel: threading.Event | None = None, mock_response: str | Callable[[str], str] | None = None,
               check_context: bool = True, heartbeat: bool = False) -> Iterator[CriterionOutcome | None]:
    """Each criterion's outcome as soon as it is known (cached ones first), in completion order.

    With `heartbeat`, None is yielded every 0.2 s while nothing arrives, so a page can redraw (which is
    where Streamlit notices a click on Cancel). Closing the generator early (the page was left, or
    Cancel) sets `cancel` for the requests in flight."""
    if not answer.strip():
        for c in case.rubric.criteria:
            yield _offline_outcome(offline, c.id, "the answer is empty")
        return
    digest = answer_hash(answer)
    pending = []
    for crit in case.rubric.criteria:
        hit = _cache_get(store, case.id, crit.id, digest, config)
        if hit is not None:
            yield hit
        else:
            pending.append(crit)
    if not pending:
        return
    requests = plan_requests(case, answer)
    refused = (preflight(config, {c.id: requests[c.id] for c in pending})
               if check_context and mock_response is None else None)
    if refused:
        for crit in pending:
            yield _offline_outcome(offline, crit.id, refused)
        return
    cancel = cancel or threading.Event()

    def run(crit: Criterion) -> CriterionOutcome:
        if cancel.is_set():
            return _offline_outcome(offline, crit.id, "cancelled")
        mock = mock_response(crit.id) if callable(mock_response) else mock_response
        started = time.monotonic()
        try:
            reply = stream_call(config, requests[crit.id], cancel, mock)
            result, notes, claims = parse_criterion(case, crit, answer, reply.content)
        except JudgeError as exc:
            outcome = _offline_outcome(offline, crit.id, str(exc))
            outcome.seconds = round(time.monotonic() - started, 3)
            outcome.completion_tokens = exc.completion_tokens
            return outcome
        return CriterionOutcome(crit.id, result, "llm", None, notes, claims, round(reply.seconds, 3),
                                reply.prompt_tokens, reply.completion_tokens)

    pool = ThreadPoolExecutor(max_workers=max(1, config.concurrency), thread_name_prefix="judge")
    futures = {pool.submit(run, crit): crit for crit in pending}
    try:
        remaining = set(futures)
        while remaining:
            done, remaining = wait(remaining, timeout=0.2, return_when=FIRST_COMPLETED)
            if not done and heartbeat:
                yield None
            for future in done:
                outcome = future.result()
                _cache_put(store, case.id, digest, config, outcome)
                yield outcome
    finally:
        cancel.set()  # a no-op after a full run; stops requests in flight when the caller stopped early
        pool.shutdown(wait=False, cancel_futures=True)


def assemble(case: DesignCase, offline: RubricScore, outcomes: list[CriterionOutcome]) -> RubricScore:
    """The rubric result from per-criterion outcomes; the total is the sum, computed here."""
    by_id = {o.criterion_id: o for o in outcomes}
    criteria = []
    for crit in case.rubric.criteria:
        o = by_id.get(crit.id)
        criteria.append(o.result if o else copy.deepcopy(next(c for c in offline.criteria if c.id == crit.id)))
    fell_back = [(crit, by_id[crit.id].reason or "not graded") if crit.id in by_id else (crit, "not graded")
                 for crit in case.rubric.criteria if crit.id not in by_id or by_id[crit.id].scorer != "llm"]
    n = len(case.rubric.criteria)
    feedback = []
    for o in outcomes:
        feedback += [f"Judge output corrected ({o.criterion_id}): {note}." for note in o.notes]
        feedback += [f"False claim ({o.criterion_id}): \"{c['quote']}\". {c['correction']}" for c in o.false_claims]
    if len(fell_back) == n:
        reasons = list(dict.fromkeys(r for _, r in fell_back))
        result = copy.deepcopy(offline)
        result.fallback_reason = reasons[0] if len(reasons) == 1 else "; ".join(
            f"{crit.id}: {r}" for crit, r in fell_back)
        return result
    total = round(max(0.0, min(100.0, sum(c.score for c in criteria))), 1)
    if offline.ignored_sentences:
        # The same rule as offline: an answer that tries to steer its grader is void, whichever grader reads it.
        total = min(total, INJECTION_CAP)
        feedback.append("The answer addresses its grader, so it is void whatever the judge thought of the rest.")
    reason = None
    if fell_back:
        reason = f"offline result used for {len(fell_back)} of {n} criteria (" + "; ".join(
            f"{crit.id}: {r}" for crit, r in fell_back) + ")"
    # replace() keeps the offline result's other findings (red flags, ignored sentences, ...) as they are.
    return replace(copy.deepcopy(offline), total=total, criteria=criteria, feedback=feedback, scorer="llm",
                   fallback_reason=reason)


def judge_design(case: DesignCase, answer: str, config: JudgeConfig, offline: RubricScore, store=None,
                 mock_response: str | Callable[[str], str] | None = None,
                 cancel: threading.Event | None = None) -> RubricScore:
    """The LLM's grade, criterion by criterion, each falling back to the offline one with the reason."""
    outcomes = [o for o in iter_judge(case, answer, config, offline, store=store, cancel=cancel,
                                      mock_response=mock_response) if o is not None]  # None: heartbeats only
    return assemble(case, offline, outcomes)


def ask_follow_ups(case: DesignCase, answer: str, result: RubricScore, config: JudgeConfig | None,
                   n: int = 2) -> tuple[list[str], str | None]:
    """Two probing interviewer questions aimed at the weakest criteria, and the fallback reason if any.

    Without a usable judge, the case's own follow-ups closest to the weakest criteria are used."""
    weakest = sorted(result.criteria, key=lambda c: (c.level, -c.weight))[:n]
    reason = None
    if config is not None:
        focus = "\n".join(f"- {c.name}: missing {', '.join(c.missing_key_points) or 'depth'}" for c in weakest)
        tag = make_tag(answer)
        messages = [
            {"role": "system", "content": "You are the interviewer. Ask short, probing follow-up questions. "
                                          + data_rules(tag)},
            {"role": "user", "content": f"Case: {case.title}\n{case.prompt}\n\nWeakest areas:\n{focus}\n\n"
                                        f"{fence(answer, tag)}\n\n"
                                        f"Ask exactly {n} follow-up questions aimed at the weakest areas."},
        ]
        try:
            content = _call(config, messages, FollowUpQuestions, max_tokens=300)
            questions = [q.strip() for q in FollowUpQuestions.model_validate_json(content).questions if q.strip()]
            if questions:
                return questions[:n], None
            reason = "the judge asked no questions"
        except (JudgeError, ValidationError, ValueError) as exc:
            reason = str(exc) if isinstance(exc, JudgeError) else "the judge's questions were malformed"
    words = {w for c in weakest for w in c.name.lower().split()}
    ranked = sorted(case.follow_ups, key=lambda f: -len(words & set(f.question.lower().split())))
    return [f.question for f in ranked[:n]], reason


# -- Settings page: Test connection --------------------------------------------------------------------
@dataclass
class ConnectionReport:
    ok: bool
    message: str
    seconds: float | None = None
    completion_tokens: int | None = None
    tokens_per_s: float | None = None
    schema_honoured: bool | None = None
    context: str | None = None  # the server's context size and where it came from, when it says


def check_connection(config: JudgeConfig, mock_response: str | None = None) -> ConnectionReport:
    """A tiny schema-constrained request: latency, tokens/s, and whether the reply kept to the schema."""
    from evaluators.judge_requests import connection_request

    info = (server_context.probe_context(config.api_base, config.model, config.api_key)
            if mock_response is None else None)
    context = f"{info.n_ctx} tokens ({info.source})" if info else None
    try:
        reply = stream_call(config, connection_request(), mock_response=mock_response)
    except JudgeError as exc:
        return ConnectionReport(False, str(exc), context=context)
    rate = round(reply.completion_tokens / reply.seconds, 1) if reply.completion_tokens and reply.seconds > 0 else None
    try:
        data = json.loads(reply.content)
        honoured = isinstance(data, dict) and set(data) == {"reply", "sum"} and data["reply"] == "pong" \
            and isinstance(data["sum"], int) and 0 <= data["sum"] <= 9
    except ValueError:
        honoured = False
    right = honoured and data["sum"] == 5
    message = ("connected; the reply kept to the schema" + ("" if right else " (but 2 + 3 was not 5)") if honoured
               else "connected, but the reply did not keep to the schema: this server may ignore `response_format`, "
                    "and grades will often fall back")
    return ConnectionReport(True, message, round(reply.seconds, 3), reply.completion_tokens, rate, honoured, context)
