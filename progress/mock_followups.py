"""Interviewer follow-ups after a mock design round when no LLM judge is configured (offline).

Which follow-ups: the case's own, chosen for the two weakest rubric criteria (lowest level, heavier
weight first). Each weak criterion takes the unused follow-up whose question and reference answer share
the most content words (stems) with the criterion's name, missing key points and their synonyms, so the
interviewer probes exactly what the design left out. Answers are scored offline against the follow-up's
reference answer (evaluators.scoring.analyse_answer, the same scorer as concept questions), with
the reference's sentences as its key points.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from evaluators.text import content_stems

N_FOLLOW_UPS = 2


@dataclass(frozen=True)
class FollowUp:
    question: str
    reference: str
    criterion: str       # the weak criterion it probes (name)
    level: int           # that criterion's level in the design answer (1-4)


def _criterion_stems(case, criterion_result) -> set[str]:
    crit = next(c for c in case.rubric.criteria if c.id == criterion_result.id)
    missing = {k.text for k in criterion_result.key_points if k.status == "missing"}
    points = [p for p in crit.key_points if p.text in missing] or list(crit.key_points)
    text = " ".join([crit.name, *(p.text for p in points), *(s for p in points for s in p.synonyms)])
    return set(content_stems(text))


def choose(case, result, n: int = N_FOLLOW_UPS) -> list[FollowUp]:
    """n of the case's follow-ups aimed at the weakest criteria of `result` (a RubricScore)."""
    weakest = sorted(result.criteria, key=lambda c: (c.level, -c.weight))
    pool = list(case.follow_ups)
    stems = {id(f): set(content_stems(f"{f.question} {f.answer}")) for f in pool}
    chosen: list[FollowUp] = []
    for crit in weakest:
        if len(chosen) == n or not pool:
            break
        target = _criterion_stems(case, crit)
        best = max(pool, key=lambda f: len(stems[id(f)] & target))  # ties: the case's order
        pool.remove(best)
        chosen.append(FollowUp(best.question, best.answer, crit.name, crit.level))
    return chosen


def score(follow_up: FollowUp | dict, answer: str) -> dict:
    """{score 0-100, covered, missed} of an answer against the follow-up's reference answer."""
    from evaluators.scoring import analyse_answer
    from evaluators.text import sentences

    f = follow_up if isinstance(follow_up, dict) else asdict(follow_up)
    # Follow-ups have no key points: each sentence of the reference answer is one, so "missed" says
    # which part of the reference the answer left out.
    a = analyse_answer(f["question"], f["reference"], answer, sentences(f["reference"]))
    return {"score": round(a.score * 100, 1), "covered": a.covered, "missed": a.missed}
