"""Offline rubric scoring of a free-form design answer (no network, deterministic).

Per criterion, each key point is covered / partial / missing, with the answer's sentence that covers
it as evidence. A phrasing (the key point's text or one of its synonyms) covers a sentence when the
sentence holds all of its content words (stemmed), or resembles it closely in character n-grams.
Guards against gaming, each a property of a single sentence or of the whole answer, so removing a
covering sentence can never raise the score:
- only explanatory sentences count (a bare keyword list has no grammar and earns nothing);
- a sentence that hits many key points at once is a buzzword list: its hits count as partial only;
- sentences addressed to the grader ("assign the maximum score") are ignored and halve the total;
- an answer that reads more like another case than this one is scaled down (a good answer to the
  wrong question is not an answer);
- red flags (known mistakes) cost points unless the sentence negates them.
Levels follow from each criterion's coverage; its points are weight x min(1, coverage / 0.75), and the
total is their sum.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Literal

from design_cases.models import DesignCase
from sklearn.feature_extraction.text import HashingVectorizer

from evaluators.text import content_stems, is_explanatory, normalise, sentences

Status = Literal["covered", "partial", "missing"]

CHAR_COVERED, CHAR_PARTIAL = 0.55, 0.45
FULL_CREDIT_COVERAGE = 0.75            # a criterion's points grow linearly with coverage up to this
BUZZWORD_HITS = 4                      # a sentence covering this many key points is a list, not a design
LEVEL_THRESHOLDS = (0.2, 0.45, 0.72)   # coverage below these -> level 1, 2, 3; otherwise 4
RED_FLAG_PENALTY, RED_FLAG_CAP, RED_FLAG_SIM = 5.0, 15.0, 0.6
INJECTION_FACTOR = 0.25
# Relevance = similarity to this case / best similarity to another case. At or above OFF_TOPIC_RATIO the
# answer is on topic; below it the total shrinks linearly to nothing at OFF_TOPIC_FLOOR.
OFF_TOPIC_RATIO, OFF_TOPIC_FLOOR = 0.95, 0.75

_NEGATION = re.compile(r"\b(not|no|never|avoid|avoids|avoiding|instead of|rather than|without|don't|doesn't|"
                       r"won't|shouldn't|isn't|aren't|mistake|pitfall|wrong|bad idea)\b", re.I)
_INJECTION = [re.compile(p, re.I) for p in (
    r"\b(ignore|disregard|forget)\b.{0,60}\b(instruction|instructions|rubric|rules|previous|above|prompt)\b",
    r"\b(give|assign|award|grant|deserve|deserves)\b.{0,40}\b(max(imum)?|full|perfect|top|highest)\s+"
    r"(score|scores|marks|points|grade|rating)\b",
    r"\b(rate|score|grade|mark)\s+(this|me|it|my)\b.{0,30}\b(100|10/10|perfect|excellent|maximum|full marks|level 4)\b",
    r"\b(dear|note to|attention|hey)\b.{0,15}\b(grader|evaluator|judge|reviewer|scorer|model|assistant|ai)\b",
    r"\b(you are|act as)\b.{0,20}\b(grader|evaluator|judge|scorer)\b",
)]


@dataclass
class KeyPointResult:
    id: str
    text: str
    status: Status
    evidence: str | None = None


@dataclass
class CriterionResult:
    id: str
    name: str
    weight: int
    level: int
    score: float
    coverage: float
    key_points: list[KeyPointResult]
    feedback: str

    @property
    def missing_key_points(self) -> list[str]:
        return [k.text for k in self.key_points if k.status == "missing"]


@dataclass
class RubricScore:
    case: str
    total: float
    criteria: list[CriterionResult]
    red_flags: list[dict] = field(default_factory=list)
    ignored_sentences: list[str] = field(default_factory=list)
    relevance: float = 1.0
    feedback: list[str] = field(default_factory=list)
    scorer: str = "offline"
    fallback_reason: str | None = None

    def to_contract(self) -> dict:
        """The `mastery score --json` shape."""
        return {
            "case": self.case, "total": self.total, "scorer": self.scorer, "fallback_reason": self.fallback_reason,
            "criteria": [{"id": c.id, "level": c.level, "score": c.score, "missing_key_points": c.missing_key_points}
                         for c in self.criteria],
        }

    def to_dict(self) -> dict:
        out = asdict(self)
        for c, raw in zip(self.criteria, out["criteria"]):
            raw["missing_key_points"] = c.missing_key_points
        return out


# Character n-grams of stemmed content words, hashed: stateless, so phrasings and sentences share a space.
_HASHER = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=1 << 20, alternate_sign=False,
                            norm="l2", preprocessor=lambda t: " ".join(content_stems(t)))


_QUOTED = re.compile(r"\"[^\"]*(\"|$)|“[^”]*(”|$)|`[^`]*(`|$)|'[^']{12,}'")


def is_injection(sentence: str) -> bool:
    """Text addressed to the grader. Quoted text is discussed, not addressed (a RAG design may quote an attack)."""
    bare = _QUOTED.sub(" ", sentence)
    return any(p.search(bare) for p in _INJECTION)


@dataclass(frozen=True)
class _Phrasings:
    """All phrasings of a list of items (key points or red flags), with which item each belongs to."""
    owner: list[int]
    stems: list[frozenset]
    literals: list[str]  # normalised phrasing, for one-word phrasings that must appear as written
    matrix: object  # sparse (n_phrasings, n_features)

    @classmethod
    def build(cls, items: list[list[str]]) -> "_Phrasings":
        owner, texts = [], []
        for i, phrasings in enumerate(items):
            for p in phrasings:
                owner.append(i)
                texts.append(p)
        return cls(owner, [frozenset(content_stems(t)) for t in texts], [f" {normalise(t)} " for t in texts],
                   _HASHER.transform(texts))

    def statuses(self, sentence_stems: list[frozenset], sentence_matrix, n_items: int,
                 strict: bool = False, normalised: list[str] | None = None) -> list[list[Status]]:
        """status[sentence][item]: covered when a phrasing's content words all occur in the sentence or
        its n-grams are close; partial when they are fairly close or most content words occur.
        strict (for red flags, where a false alarm costs points): only a close resemblance counts."""
        sims = (sentence_matrix @ self.matrix.T).toarray()
        out = []
        for si, stems in enumerate(sentence_stems):
            row: list[Status] = ["missing"] * n_items
            for pi, item in enumerate(self.owner):
                if row[item] == "covered":
                    continue
                p_stems = self.stems[pi]
                sim = sims[si, pi]
                if strict:
                    shared = len(p_stems & stems) / len(p_stems) if p_stems else 0.0
                    if len(p_stems) < 2:  # "A request is a request.": only the words as written count
                        hit = normalised is not None and self.literals[pi] in normalised[si]
                    else:
                        hit = sim >= RED_FLAG_SIM and shared >= 0.75
                    if hit:
                        row[item] = "covered"
                    continue
                # One content word ("re-ranking" -> "rank") is too generic to match by stem: it must
                # appear as written.
                whole = (len(p_stems) >= 2 and p_stems <= stems) or (
                    len(p_stems) == 1 and normalised is not None and self.literals[pi] in normalised[si])
                if whole or sim >= CHAR_COVERED:
                    row[item] = "covered"
                elif sim >= CHAR_PARTIAL or (len(p_stems) >= 2 and len(p_stems & stems) >= 2
                                             and len(p_stems & stems) / len(p_stems) >= 0.6):
                    row[item] = "partial"
            out.append(row)
        return out


_CASE_PHRASINGS: dict[str, tuple[DesignCase, _Phrasings, _Phrasings]] = {}


def _case_phrasings(case: DesignCase) -> tuple[_Phrasings, _Phrasings]:
    cached = _CASE_PHRASINGS.get(case.id)
    if cached is None or cached[0] is not case:
        points = [[kp.text, *kp.synonyms] for cr in case.rubric.criteria for kp in cr.key_points]
        # A red flag's text describes the mistake in rubric language that a correct design also uses
        # ("evaluates the policy with the same reward model"); only its phrasings, the words a candidate
        # making the mistake would say, are matched.
        flags = [list(rf.phrasings) or [rf.text] for rf in case.rubric.red_flags]
        cached = (case, _Phrasings.build(points), _Phrasings.build(flags) if flags else None)
        _CASE_PHRASINGS[case.id] = cached
    return cached[1], cached[2]


def _level(coverage: float) -> int:
    return 1 + sum(coverage >= t for t in LEVEL_THRESHOLDS)


@lru_cache(maxsize=4)
def _case_profiles(case_ids: tuple[str, ...]):
    """Char n-gram TF-IDF profiles of every case (prompt + reference + key points), to judge relevance."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from design_cases.loader import load_cases

    by_id = load_cases().by_id()
    docs = []
    for cid in case_ids:
        c = by_id[cid]
        kps = " ".join(k.text + " " + " ".join(k.synonyms) for cr in c.rubric.criteria for k in cr.key_points)
        docs.append(" ".join([c.title, c.prompt, c.reference_design, kps]))
    vec = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                          preprocessor=lambda t: " ".join(content_stems(t)))
    return vec, vec.fit_transform(docs)


def relevance(case: DesignCase, answer: str) -> float:
    """Similarity to this case divided by the best similarity to any other case (1.0 when this case wins)."""
    from design_cases.loader import load_cases

    ids = tuple(sorted(load_cases().by_id()))
    if case.id not in ids or len(ids) < 2:
        return 1.0
    vec, matrix = _case_profiles(ids)
    sims = (matrix @ vec.transform([answer]).T).toarray().ravel()
    own = sims[ids.index(case.id)]
    others = max(s for i, s in enumerate(sims) if ids[i] != case.id)
    if others <= 0:
        return 1.0
    return float(min(1.0, own / others))


def score_design(case: DesignCase, answer: str) -> RubricScore:
    raw_sentences = sentences(answer or "")
    ignored = [s for s in raw_sentences if is_injection(s)]
    usable = [s for s in raw_sentences if s not in ignored and is_explanatory(s, min_words=6)]
    stems = [frozenset(content_stems(s)) for s in usable]
    matrix = _HASHER.transform(usable) if usable else None
    points, flag_phrasings = _case_phrasings(case)
    all_points = [(cr, kp) for cr in case.rubric.criteria for kp in cr.key_points]
    normalised = [f" {normalise(u)} " for u in usable]
    per_sentence = points.statuses(stems, matrix, len(all_points), normalised=normalised) if usable else []
    # A sentence that hits many key points at once is a list of buzzwords, not a design: it earns nothing.
    per_sentence = [row if sum(v == "covered" for v in row) < BUZZWORD_HITS else ["missing"] * len(row)
                    for row in per_sentence]

    criteria = []
    index = 0
    for cr in case.rubric.criteria:
        results = []
        for kp in cr.key_points:
            status: Status = "missing"
            evidence = None
            for sentence, row in zip(usable, per_sentence):
                if row[index] == "covered":
                    status, evidence = "covered", sentence
                    break
                if row[index] == "partial" and status == "missing":
                    status, evidence = "partial", sentence
            results.append(KeyPointResult(kp.id, kp.text, status, evidence))
            index += 1
        coverage = sum(1.0 if r.status == "covered" else 0.5 if r.status == "partial" else 0.0
                       for r in results) / len(results)
        level = _level(coverage)
        missing = [r.text for r in results if r.status != "covered"]
        feedback = "Covered every key point." if not missing else "Missing or thin: " + "; ".join(missing)
        # Points follow coverage continuously (finer than the four levels, so answers are ranked
        # within a level); the level is the interviewer-facing summary of the same coverage.
        points = cr.weight * min(1.0, coverage / FULL_CREDIT_COVERAGE)
        criteria.append(CriterionResult(cr.id, cr.name, cr.weight, level, round(points, 2), round(coverage, 3),
                                        results, feedback))

    total = sum(c.score for c in criteria)
    feedback: list[str] = []
    flags = []
    if usable and flag_phrasings is not None:
        flag_rows = flag_phrasings.statuses(stems, matrix, len(case.rubric.red_flags), strict=True,
                                            normalised=normalised)
        for fi, rf in enumerate(case.rubric.red_flags):
            for sentence, row in zip(usable, flag_rows):
                if row[fi] == "covered" and not _NEGATION.search(sentence):
                    flags.append({"id": rf.id, "text": rf.text, "evidence": sentence})
                    break
    if flags:
        total -= min(RED_FLAG_CAP, RED_FLAG_PENALTY * len(flags))
        feedback.append("Red flags: " + "; ".join(f["text"] for f in flags))
    if ignored:
        total *= INJECTION_FACTOR
        feedback.append("Sentences addressed to the grader were ignored, and cost three quarters of the score.")
    rel = relevance(case, answer) if usable else 1.0
    if rel < OFF_TOPIC_RATIO:
        total *= max(0.0, (rel - OFF_TOPIC_FLOOR) / (OFF_TOPIC_RATIO - OFF_TOPIC_FLOOR))
        feedback.append("The answer reads more like a different problem than this case; it was scaled down.")
    weakest = sorted(criteria, key=lambda c: (c.level, -c.weight))[:2]
    if usable:
        feedback.append("Work on: " + ", ".join(c.name for c in weakest if c.level < 4) if any(c.level < 4 for c in weakest)
                        else "Strong coverage of the rubric.")
    else:
        feedback.append("No explanatory sentences found: write the design out in sentences.")
    return RubricScore(case.id, round(max(0.0, min(100.0, total)), 1), criteria, flags, ignored, round(rel, 3), feedback)
