"""Timed mock interviews: presets per role, reproducible item choice, deadlines kept in SQLite, a report.

A session is a sequence of rounds. Each round's deadline is stored when it starts, so closing the tab
and coming back resumes with the right time left; a round past its deadline is locked and scored with
whatever was submitted. Item choice is seeded (the seed is in the report), avoids items seen in the last
two weeks and leans towards weak topics.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from progress.clock import from_db, to_db, utc_now
from progress.store import Store

RoundType = Literal["concepts", "backend", "coding", "design", "behavioral"]
Mode = Literal["strict", "practice"]
ROUND_WEIGHTS = {"coding": 30, "design": 35, "concepts": 25, "backend": 25, "behavioral": 10}
RECENT_DAYS = 14
STAR_CHECKS = ("Situation set up with context", "Task: what you owned", "Actions you took yourself",
               "Result with a number", "What you learned or would change", "Answered the question asked")


@dataclass(frozen=True)
class RoundSpec:
    type: RoundType
    minutes: int
    count: int = 1
    areas: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    difficulty: tuple[str, ...] = ()
    runtimes: tuple[str, ...] = ()
    case_ids: tuple[str, ...] = ()


PRESETS: dict[str, tuple[str, list[RoundSpec]]] = {
    "backend-ai-engineer": ("Backend + AI Engineer", [
        RoundSpec("backend", 15, 4, areas=("backend-for-ai",)),
        RoundSpec("coding", 25, 1, areas=("backend-for-ai",)),
        RoundSpec("design", 40, 1, case_ids=("openai-chat-serving", "openai-api-rate-limiting", "openai-rag-assistant",
                                             "google-photos-search", "google-query-autocomplete")),
        RoundSpec("behavioral", 10, 2, areas=("behavioral",)),
    ]),
    "ml-platform-engineer": ("ML Platform Engineer", [
        RoundSpec("concepts", 15, 4, areas=("mlops",)),
        RoundSpec("coding", 25, 1, areas=("mlops", "backend-for-ai")),
        RoundSpec("design", 45, 1, case_ids=("meta-feature-store", "google-training-platform", "openai-eval-pipeline")),
        RoundSpec("behavioral", 10, 2, areas=("behavioral",)),
    ]),
    "ai-research-engineer": ("AI Research Engineer", [
        RoundSpec("concepts", 15, 5, areas=("deep-learning", "generative-ai")),
        RoundSpec("coding", 30, 2, areas=("deep-learning", "generative-ai"), runtimes=("numpy", "torch")),
        RoundSpec("design", 45, 1, case_ids=("openai-rlhf-pipeline", "openai-eval-pipeline", "google-search-ranking",
                                             "meta-reels-recommendations")),
        RoundSpec("behavioral", 10, 2, areas=("behavioral",)),
    ]),
}


@dataclass
class Round:
    type: RoundType
    minutes: int
    items: list[str]
    started_at: str | None = None
    deadline: str | None = None
    finished_at: str | None = None
    timed_out: bool = False
    answers: dict = field(default_factory=dict)
    result: dict | None = None


@dataclass
class Session:
    id: str
    role: str
    seed: int
    mode: Mode
    rounds: list[Round]
    current: int = 0
    started_at: str = ""
    deadline: str | None = None
    status: str = "running"
    report: dict | None = None

    @property
    def round(self) -> Round | None:
        return self.rounds[self.current] if self.current < len(self.rounds) else None


# -- item choice ------------------------------------------------------------------------------------
def _recent(store: Store, now: datetime) -> set[tuple[str, str]]:
    since = to_db(now - timedelta(days=RECENT_DAYS))
    rows = store.conn.execute("SELECT item_type, item_id FROM attempts WHERE created_at >= ? UNION "
                              "SELECT item_type, item_id FROM review_log WHERE reviewed_at >= ?", (since, since))
    return {(t, i) for t, i in rows}


def _weak_question_ids(store: Store) -> set[str]:
    """Questions the user rated 'not' or scored under 0.5 on: their topics count as weak."""
    rows = store.conn.execute("SELECT item_id FROM attempts WHERE item_type = 'question' AND "
                              "(result = 'not' OR (score IS NOT NULL AND score < 0.5))").fetchall()
    return {r[0] for r in rows}


def choose_items(catalog, store: Store, spec: RoundSpec, rng: random.Random, now: datetime,
                 taken: set[str]) -> list[str]:
    """Weighted sampling without replacement: recent items 0.1, items on weak topics 3, others 1."""
    recent = _recent(store, now)
    weak_ids = _weak_question_ids(store)
    by_id = catalog.bank.by_id()
    weak_topics = {by_id[i].topic for i in weak_ids if i in by_id}
    if spec.type in ("concepts", "backend", "behavioral"):
        pool = [(q.id, q.topic) for q in catalog.bank.questions
                if (not spec.areas or q.area in spec.areas) and (not spec.topics or q.topic in spec.topics)
                and (not spec.difficulty or q.difficulty in spec.difficulty) and q.id not in catalog.bank.user_ids]
        kind = "question"
    elif spec.type == "coding":
        pool = [(k.kata.id, k.kata.topic) for k in catalog.katas.katas
                if (not spec.areas or k.kata.area in spec.areas)
                and (not spec.runtimes or k.kata.runtime in spec.runtimes)
                and (not spec.difficulty or k.kata.difficulty in spec.difficulty)]
        kind = "kata"
    else:
        pool = [(c.id, "") for c in catalog.cases.cases if not spec.case_ids or c.id in spec.case_ids]
        kind = "case"
    pool = sorted(p for p in pool if p[0] not in taken)
    chosen: list[str] = []
    for _ in range(min(spec.count, len(pool))):
        weights = [0.1 if (kind, i) in recent else 3.0 if topic in weak_topics else 1.0 for i, topic in pool]
        pick = rng.choices(range(len(pool)), weights=weights)[0]
        chosen.append(pool.pop(pick)[0])
    return chosen


# -- sessions ---------------------------------------------------------------------------------------
def create_session(store: Store, catalog, role: str, rounds: list[RoundSpec] | None = None, seed: int | None = None,
                   mode: Mode = "strict", now: datetime | None = None, time_scale: float = 1.0) -> Session:
    """time_scale shrinks every clock (MASTERY_TIME_SCALE, for demos and browser tests)."""
    now = now or utc_now()
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 10**6)
    specs = rounds or PRESETS[role][1]
    rng = random.Random(seed)
    taken: set[str] = set()
    built = []
    for spec in specs:
        items = choose_items(catalog, store, spec, rng, now, taken)
        taken.update(items)
        built.append(Round(spec.type, spec.minutes, items))
    total = sum(r.minutes for r in built)
    session = Session(uuid.uuid4().hex[:12], role, seed, mode, built, 0, to_db(now),
                      to_db(now + timedelta(minutes=total * time_scale)))
    _start_round(session, now, time_scale)
    save(store, session)
    return session


def _start_round(session: Session, now: datetime, time_scale: float = 1.0) -> None:
    r = session.round
    if r is not None and r.started_at is None:
        r.started_at = to_db(now)
        r.deadline = to_db(now + timedelta(minutes=r.minutes * time_scale))


def save(store: Store, s: Session) -> None:
    state = {"current": s.current, "mode": s.mode, "rounds": [r.__dict__ for r in s.rounds]}
    config = {"rounds": [{"type": r.type, "minutes": r.minutes, "items": r.items} for r in s.rounds], "mode": s.mode}
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO mock_sessions "
            "(id, role, seed, config, started_at, deadline, finished_at, status, state, report) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state, "
            "deadline = excluded.deadline, status = excluded.status, finished_at = excluded.finished_at, "
            "report = excluded.report",
            (s.id, s.role, s.seed, json.dumps(config), s.started_at, s.deadline,
             to_db(utc_now()) if s.status == "finished" else None, s.status, json.dumps(state),
             json.dumps(s.report) if s.report else None))


def load(store: Store, session_id: str) -> Session | None:
    row = store.conn.execute("SELECT id, role, seed, started_at, deadline, status, state, report FROM mock_sessions "
                             "WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        return None
    state = json.loads(row[6])
    rounds = [Round(**r) for r in state["rounds"]]
    return Session(row[0], row[1], row[2], state.get("mode", "strict"), rounds, state["current"], row[3], row[4],
                   row[5], json.loads(row[7]) if row[7] else None)


def sessions(store: Store, role: str | None = None) -> list[dict]:
    sql = "SELECT id, role, seed, started_at, status, report FROM mock_sessions"
    args: list = []
    if role:
        sql += " WHERE role = ?"
        args.append(role)
    rows = store.conn.execute(sql + " ORDER BY started_at DESC", args).fetchall()
    return [{"id": i, "role": r, "seed": s, "started_at": from_db(t), "status": st,
             "report": json.loads(rep) if rep else None} for i, r, s, t, st, rep in rows]


def time_left(session: Session, now: datetime | None = None) -> tuple[float | None, float | None]:
    """Seconds left in the current round and in the whole session (None when finished)."""
    now = now or utc_now()
    r = session.round
    round_left = (from_db(r.deadline) - now).total_seconds() if r and r.deadline else None
    session_left = (from_db(session.deadline) - now).total_seconds() if session.deadline else None
    return round_left, session_left


# -- scoring ----------------------------------------------------------------------------------------
def score_round(r: Round, catalog, grader=None) -> dict:
    """Score 0-100 plus what was missed, from the answers stored in the round."""
    if r.type in ("concepts", "backend"):
        from evaluators.scoring import analyse_question_answer

        by_id = catalog.bank.by_id()
        per: list[dict[str, Any]] = []
        missed: list[str] = []
        for qid in r.items:
            q = by_id[qid]
            a = analyse_question_answer(q, r.answers.get(qid, ""))
            per.append({"id": qid, "score": round(a.score * 100, 1), "missed": a.missed})
            missed += [f"{_short(q.prompt)}: {m}" for m in a.missed]
        score = sum(p["score"] for p in per) / len(per) if per else 0.0
        return {"score": round(score, 1), "items": per, "missed": missed}
    if r.type == "coding":
        per, missed = [], []  # the types declared in the first branch
        for kid in r.items:
            graded = r.answers.get(kid, {}).get("result")
            if graded is None and grader is not None and r.answers.get(kid, {}).get("code"):
                graded = grader.grade(kid, r.answers[kid]["code"]).to_dict()
            passed, total = (graded["summary"]["passed"], graded["summary"]["total"]) if graded else (0, 1)
            per.append({"id": kid, "score": round(100 * passed / total, 1), "passed": passed, "total": total})
            title = catalog.katas.by_id()[kid].kata.title if kid in catalog.katas.by_id() else kid
            if graded:
                missed += [f"{title}: test {t['name']} ({t['verdict']})"
                           for t in graded["tests"] if t["verdict"] != "AC"]
            else:
                missed.append(f"{title}: not submitted")
        return {"score": round(sum(p["score"] for p in per) / len(per), 1) if per else 0.0, "items": per,
                "missed": missed}
    if r.type == "design":
        from evaluators.rubric_scoring import score_design

        case = catalog.cases.by_id()[r.items[0]]
        result = score_design(case, r.answers.get(case.id, ""))
        missed = [f"{c.name} (level {c.level})" for c in result.criteria if c.level <= 2]
        return {"score": result.total, "items": [{"id": case.id, "score": result.total}], "missed": missed}
    # behavioral: the story is scored against the question's key points, like a concept answer. The STAR
    # checkboxes are the candidate's own ticks: kept in the report, never in the score (ticking all six
    # boxes on an empty answer turned a 57 design into "strong hire").
    from evaluators.scoring import analyse_question_answer

    by_id = catalog.bank.by_id()
    per, missed = [], []  # the types declared in the first branch
    for qid in r.items:
        q = by_id[qid]
        answer = r.answers.get(qid, {})
        text = answer.get("text", "") if isinstance(answer, dict) else str(answer)
        a = analyse_question_answer(q, text)
        per.append({"id": qid, "score": round(a.score * 100, 1), "missed": a.missed,
                    "self_check": answer.get("checks", []) if isinstance(answer, dict) else []})
        missed += [f"{_short(q.prompt)}: {m}" for m in a.missed]
    return {"score": round(sum(p["score"] for p in per) / len(per), 1) if per else 0.0, "items": per,
            "missed": missed}


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def hire_signal(round_scores: Sequence[tuple[str, float]]) -> tuple[str, str]:
    """strong hire / hire / lean no / no, from the weighted mean of round scores, with a floor rule:
    any round under 30 caps the signal at lean no (one failed round sinks a real loop too)."""
    if not round_scores:
        return "no", "No round was completed."
    total_w = sum(ROUND_WEIGHTS[t] for t, _ in round_scores)
    mean = sum(ROUND_WEIGHTS[t] * s for t, s in round_scores) / total_w
    signal = "strong hire" if mean >= 75 else "hire" if mean >= 60 else "lean no" if mean >= 45 else "no"
    weakest = min(round_scores, key=lambda x: x[1])
    why = f"Weighted score {mean:.0f}/100 (coding 30, design 35, concepts 25, behavioral 10)."
    if weakest[1] < 30 and signal in ("strong hire", "hire"):
        signal = "lean no"
        why += f" Capped at lean no: the {weakest[0]} round scored {weakest[1]:.0f}."
    return signal, why


def finish_round(store: Store, session: Session, catalog, grader=None, now: datetime | None = None,
                 timed_out: bool = False, time_scale: float = 1.0) -> Session:
    now = now or utc_now()
    r = session.round
    if r is None:
        return session
    r.finished_at = to_db(now)
    r.timed_out = timed_out
    r.result = score_round(r, catalog, grader)
    session.current += 1
    if session.round is None:
        _finish(store, session, catalog, now)
    else:
        _start_round(session, now, time_scale)
    save(store, session)
    return session


def enforce_deadlines(store: Store, session: Session, catalog, grader=None, now: datetime | None = None,
                      time_scale: float = 1.0) -> Session:
    """Lock every round whose deadline passed (e.g. while the tab was closed); the next one starts now."""
    now = now or utc_now()
    while (session.status == "running" and session.round and session.round.deadline
           and from_db(session.round.deadline) <= now):
        # The round ended at its deadline, not when we noticed: the next round's clock started then,
        # so time away from the tab keeps counting against the session.
        ended = from_db(session.round.deadline)
        finish_round(store, session, catalog, grader, now=ended, timed_out=True, time_scale=time_scale)
    return session


def _finish(store: Store, session: Session, catalog, now: datetime) -> None:
    scores = [(r.type, r.result["score"]) for r in session.rounds if r.result]
    signal, why = hire_signal(scores)
    previous = [s for s in sessions(store, session.role) if s["id"] != session.id and s["report"]]
    session.status = "finished"
    session.report = {
        "signal": signal, "why": why, "seed": session.seed,
        "rounds": [{"type": r.type, "items": r.items, "score": r.result["score"] if r.result else 0.0,
                    "minutes_used": round((from_db(r.finished_at) - from_db(r.started_at)).total_seconds() / 60, 1)
                    if r.started_at and r.finished_at else None,
                    "timed_out": r.timed_out, "missed": (r.result or {}).get("missed", []),
                    "answers": _answers(r, catalog), "follow_ups": _follow_ups(r)} for r in session.rounds],
        "previous": [{"id": p["id"], "started_at": to_db(p["started_at"]), "signal": p["report"]["signal"]}
                     for p in previous[:5]],
    }
    _queue_missed(store, session, catalog, now)


def _answers(r: Round, catalog) -> list[dict]:
    """Per item: its title, what the candidate answered and the reference, for the report (strict mode
    promises the references there)."""
    scores = {i["id"]: i for i in (r.result or {}).get("items", [])}
    out = []
    for item in r.items:
        given = r.answers.get(item, "")
        if r.type == "coding":
            entry = catalog.katas.by_id().get(item)
            title, reference = (entry.kata.title, entry.solution) if entry else (item, "")
            answer = given.get("code", "") if isinstance(given, dict) else ""
        elif r.type == "design":
            case = catalog.cases.by_id().get(item)
            title, reference = (case.title, case.reference_design) if case else (item, "")
            answer = given if isinstance(given, str) else ""
        else:
            q = catalog.bank.by_id().get(item)
            title, reference = (q.prompt, q.answer) if q else (item, "")
            answer = given.get("text", "") if isinstance(given, dict) else given
        score = scores.get(item, {})
        out.append({"id": item, "title": title, "answer": answer, "reference": reference,
                    "score": score.get("score"), "missed": score.get("missed", []),
                    "self_check": score.get("self_check")})
    return out


def _follow_ups(r: Round) -> list[dict]:
    """The interviewer's follow-ups after a design round and the candidate's answers to them, for the report.

    Without a judge they are the case's own follow-ups (progress.mock_followups) with a reference answer:
    an answer not checked on the page is scored here, as the check would have. An LLM interviewer's
    questions have no reference."""
    from progress.mock_followups import score

    result = r.result or {}
    questions = result.get("follow_ups") or []
    refs = result.get("follow_up_refs") or []
    checked = result.get("follow_up_scores") or []
    replies = r.answers.get("_follow_up_answers", {})
    out = []
    for i, question in enumerate(questions):
        answer = replies.get(str(i), "")
        item: dict[str, Any] = {"question": question, "answer": answer}
        if i < len(refs):
            ref = refs[i]
            scored = checked[i] if i < len(checked) else score(ref, answer) if answer.strip() else None
            item.update(reference=ref["reference"], criterion=ref["criterion"], level=ref["level"],
                        score=scored["score"] if scored else None, missed=scored["missed"] if scored else [])
        out.append(item)
    return out


def _queue_missed(store: Store, session: Session, catalog, now: datetime) -> None:
    """Missed items go into the drill queue: a manual 'Again' makes them due again soon."""
    from progress.scheduling import Drills

    drills = Drills(store)
    for r in session.rounds:
        for item in (r.result or {}).get("items", []):
            if item["score"] < 50:
                item_type = {"coding": "kata", "design": "case"}.get(r.type, "question")
                drills.review(item_type, item["id"], 1, kind="manual", now=now)


def report_markdown(session: Session, catalog) -> str:
    rep = session.report or {}
    titles = {**{q.id: q.prompt for q in catalog.bank.questions},
              **{k.kata.id: k.kata.title for k in catalog.katas.katas},
              **{c.id: c.title for c in catalog.cases.cases}}
    lines = [f"# Mock interview: {PRESETS.get(session.role, (session.role,))[0]}", "",
             f"- Started: {session.started_at}", f"- Seed: {session.seed} (same seed and history, same questions)",
             f"- Mode: {session.mode}", f"- **Signal: {rep.get('signal', '-')}**. {rep.get('why', '')}", ""]
    for i, r in enumerate(rep.get("rounds", []), 1):
        lines += [f"## Round {i}: {r['type']} ({r['score']:.0f}/100)",
                  f"Time used: {r['minutes_used']} min" + (" (timed out)" if r["timed_out"] else ""), ""]
        answers = r.get("answers")
        if not answers:
            lines += [f"- {titles.get(item, item)}" for item in r["items"]]
        for a in answers or []:
            fence = "```python" if r["type"] == "coding" else "```text"
            score = f" ({a['score']:.0f}/100)" if a.get("score") is not None else ""
            lines += [f"### {a['title']}{score}", "", "**Your answer**", "",
                      fence if r["type"] == "coding" else "", a["answer"].strip() or "_(no answer)_",
                      "```" if r["type"] == "coding" else "", "", "**Reference**", "",
                      fence if r["type"] == "coding" else "", a["reference"].strip(),
                      "```" if r["type"] == "coding" else "", ""]
            if a.get("missed"):
                lines += ["Missed: " + "; ".join(a["missed"]), ""]
        if r["missed"] and not answers:
            lines += ["", "Missed:"] + [f"- {m}" for m in r["missed"][:20]]
        for n, f in enumerate(r.get("follow_ups") or [], 1):
            if n == 1:
                lines += ["### The interviewer's follow-ups", ""]
            score = f" ({f['score']:.0f}/100)" if f.get("score") is not None else ""
            lines += [f"#### {n}. {f['question']}{score}", ""]
            if f.get("criterion"):
                lines += [f"_Probes {f['criterion']} (level {f['level']} of 4 in your design)._", ""]
            lines += ["**Your answer**", "", f["answer"].strip() or "_(no answer)_", ""]
            if f.get("reference"):
                lines += ["**Reference**", "", f["reference"].strip(), ""]
            if f.get("missed"):
                lines += ["Missed: " + "; ".join(f["missed"]), ""]
        lines.append("")
    if rep.get("previous"):
        lines += ["## Previous mocks for this role"] + [f"- {p['started_at']}: {p['signal']}" for p in rep["previous"]]
    return "\n".join(lines) + "\n"


def pause(store: Store, session: Session, now: datetime | None = None) -> None:
    """Practice mode only: stop the clocks, keeping the time left."""
    r = session.round
    if session.mode != "practice" or r is None or r.deadline is None or session.deadline is None:
        return
    now = now or utc_now()
    r.answers["_paused_left_s"] = (from_db(r.deadline) - now).total_seconds()
    r.answers["_paused_session_left_s"] = (from_db(session.deadline) - now).total_seconds()
    r.deadline = None
    save(store, session)


def resume(store: Store, session: Session, now: datetime | None = None) -> None:
    r = session.round
    if r is None or "_paused_left_s" not in r.answers:
        return
    now = now or utc_now()
    r.deadline = to_db(now + timedelta(seconds=r.answers.pop("_paused_left_s")))
    session.deadline = to_db(now + timedelta(seconds=r.answers.pop("_paused_session_left_s")))
    save(store, session)

