"""Offline rubric scoring of a free-form design answer (no network, deterministic).

Per criterion, each key point is covered / partial / missing, with the answer's sentence that covers it
as evidence. A phrasing (the key point's text or one of its synonyms) covers a sentence when the sentence
holds all of its content words (stemmed), or resembles it closely in character n-grams.

What the scorer rewards is understanding, not vocabulary or length. Each guard is a property of single
sentences or of the whole answer, so removing a covering sentence can never raise the score:
- only explanatory sentences count: a keyword list has no grammar, and a word salad (the case's words in
  random order) has no English word pairs (evaluators.plausibility); both earn nothing;
- repetition earns nothing (duplicate sentences are dropped), and an answer over SCORED_WORDS words is
  scored on its best SCORED_WORDS words; over MAX_ANSWER_BYTES it is refused before scoring;
- a sentence that hits DESIGN_BUZZWORD_HITS or more key points at once is a list of terms: it earns nothing;
- a key point covered only by sentences that name things (no why, how or how much) earns NAMES_ONLY_CREDIT;
- the scale criterion needs numbers: without a quantity with a unit its level is capped at 2;
- misconceptions (the case's catalogue of confident false claims): a sentence that asserts one (not
  negated, not quoted as a pitfall) costs its criterion MISCONCEPTION_COVERAGE_COST of coverage and caps
  its level at 2 (1 with two), and costs the total MISCONCEPTION_PENALTY points; asserting a claim and also
  its negation is a self-contradiction and costs the same again;
- a sentence that calls one of the rubric's key points unnecessary, without a condition ("its judgments do
  not need calibration against humans"), earns nothing for that key point and counts as a false claim too;
- two or more distinct false claims fail the answer (FALSE_CLAIMS_CAPS), and so does one in an answer
  dense with absolutes (below): it is not a slip;
- an answer dense with absolutes ("always", "guarantees", "no need") and few trade-offs is scaled down;
- an answer with sentences addressed to the grader is void: those sentences are ignored and the total is 0;
- an answer that reads more like another case than this one is scaled down (a good answer to the wrong
  question is not an answer);
- red flags (known mistakes) cost RED_FLAG_PENALTY each unless the sentence negates them.
A criterion's points are weight x min(1, coverage / FULL_CREDIT_COVERAGE); the total is their sum less
the penalties, times the factors.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from design_cases.models import DesignCase
from evaluators.arithmetic import MISCALCULATION_CLAIM, miscalculations
from evaluators.claims import (
    DISMISSAL_WORDS,
    QUOTED,
    ClaimMatcher,
    agrees_with_a_dismissal,
    closer_to_correction,
    dismissed_clause,
    is_hedged,
    is_reported,
)
from evaluators.scoring_constants import (
    DESIGN_BUZZWORD_HITS,
    MISCONCEPTION_STEM_RECALL,
    SCORED_WORDS,
    check_answer_size,
)
from evaluators.text import content_stems, is_explanatory, normalise, sentences

Status = Literal["covered", "partial", "missing"]

CHAR_COVERED, CHAR_PARTIAL = 0.55, 0.45
FULL_CREDIT_COVERAGE = 0.75            # a criterion's points grow linearly with coverage up to this
LEVEL_THRESHOLDS = (0.2, 0.45, 0.72)   # coverage below these -> level 1, 2, 3; otherwise 4
RED_FLAG_PENALTY, RED_FLAG_CAP, RED_FLAG_SIM = 5.0, 15.0, 0.6
# Text aimed at the grader voids the answer, as cheating voids an exam: it scores with the other answers that
# fail. (It used to keep a quarter of its total up to 5, which ranked it above the buzzword answers and the
# thin answers it was mixed with: on the dev split 6 of 10 injected answers sat above their case's median.)
INJECTION_CAP = 0.0
# Relevance = similarity to this case / best similarity to another case. At or above OFF_TOPIC_RATIO the
# answer is on topic; below it the total shrinks linearly to nothing at OFF_TOPIC_FLOOR.
OFF_TOPIC_RATIO, OFF_TOPIC_FLOOR = 0.95, 0.75
LONG_SENTENCE_WORDS = 100              # longer "sentences" (unpunctuated runs) earn nothing
NAMES_ONLY_CREDIT = 0.6                # a key point covered only by sentences that explain nothing
MISCONCEPTION_SIM = 0.45
MISCONCEPTION_COVERAGE_COST, MISCONCEPTION_PENALTY, MISCONCEPTION_CAP = 0.5, 6.0, 40.0
# Two distinct confident false claims fail a design round whatever else the answer names: graders put such
# answers at 0-2 of 10, with keyword lists and off-topic answers, which score 0 here. So do they. (On the
# dev split a cap of 5 left 6 of 10 such answers above their case's median, 2 left 5, 0 left 2.)
FALSE_CLAIMS_CAPS = {2: 0.0}
# Absolutes per sentence above which an answer reads as overclaiming; the total shrinks towards
# OVERCLAIM_FLOOR as the rate reaches OVERCLAIM_FULL.
OVERCLAIM_START, OVERCLAIM_FULL, OVERCLAIM_FLOOR = 0.5, 0.85, 0.2
# Word salad (evaluators.plausibility): with this share of salad sentences the rest must reach
# SALAD_STRICT_RATE; with SALAD_VOID_SHARE the whole answer earns nothing.
SALAD_SUSPECT_SHARE, SALAD_STRICT_RATE, SALAD_VOID_SHARE = 0.2, 0.6, 0.4

_NEGATION = re.compile(r"\b(not|no|never|avoid|avoids|avoiding|instead of|rather than|without|don't|doesn't|"
                       r"won't|shouldn't|isn't|aren't|mistake|pitfall|wrong|bad idea)\b", re.I)
# Text addressed to the grader; one alternation, so a sentence is scanned once (every sentence is checked).
_INJECTION = re.compile("|".join(f"(?:{p})" for p in (
    r"\b(give|assign|award|grant|deserve|deserves)\b.{0,40}\b(max(imum)?|full|perfect|top|highest)\s+"
    r"(score|scores|marks|points|grade|rating)\b",
    r"\b(rate|score|grade|mark)\s+(this|me|it|my)\b.{0,40}\b(100|10/10|10 out of 10|perfect|excellent|maximum|"
    r"full marks|level 4|fully meet\w*)(?!\w)",
    r"(\b(dear|note to|hey)\b|\battention\s*[:,!]|\bp\.\s?s\.?\s+to\b).{0,25}"
    r"\b(grader|evaluator|judge|reviewer|scorer|model|assistant|ai)s?\b",
    # A score handed over as data ("score = 10", {"score": 10}, "consensus_score: 10") or a verdict to copy.
    r"\b(?:[a-z]+[_-])*(score|rating|grade)\"?\s*[:=]\s*\"?(10|100|max(imum)?|perfect)(?![\w.,]*\d)",
    r"\bcopy\b.{0,40}\bas your (output|answer|verdict|response|score)\b|\bdo not re-?(score|grade|evaluate)\b|"
    r"\bskip (any |all )?(further|the) (analysis|scoring|grading|evaluation)\b|"
    r"\bskip (any |all )?(further |the )?(detailed |full )?rubric (comparison|check|review|evaluation)\b",
    # The rubric declared void, or an override of the evaluation.
    r"\b(the|your|this)\s+(previous\s+|current\s+|old\s+|original\s+)?rubric\s+(you\s+(were|are)\s+given\s+|"
    r"above\s+|provided\s+)?(is|was|has been)\s+(now\s+)?(outdated|deprecated|obsolete|void|superseded)\b|"
    r"\brubric\s+(does not|doesn't|no longer)\s+appl(y|ies)\b",
    r"\b(evaluation|evaluator|grader|grading|scoring|judge)[ _-]override\b",
    # Addressed to a model that scores: "Scoring assistant: ...", "any AI model scoring this".
    r"^\W*(scoring|grading|evaluation|evaluator|grader)\s+(assistant|model|system|bot)\b|"
    r"\b(ai|llm|language)\s+models?\s+(scoring|grading|evaluating|reviewing)\s+(this|the|my)\b|"
    # "Any automated scorer processing this transcript should ..."
    r"\b(automated|automatic|ai|llm)\s+(scorer|grader|evaluator|judge|reviewer|scoring|grading)s?\s+"
    r"(system\s+|model\s+)?(processing|reading|scoring|grading|evaluating|reviewing|assessing)\s+(this|my)\s+"
    r"(transcript|answer|response|submission|design|text)\b",
    r"\b(you are|act as)\b.{0,20}\b(grader|grading|evaluator|judge|scorer|scoring)\b",
    r"\b(grader|grading|scoring|evaluator|judge)\s+(instructions?|note|override)\b",
    r"\b(instructions?|note|message)\s+(for|to)\s+(the\s+)?(ai\s+|automated\s+|llm\s+)?"
    r"(grader|reviewer|scorer|scoring model|evaluator|judge)\b",
    r"\b(award|assign|give|set|report|output|return|expected output is)\b.{0,40}\blevel\s*4\b",
    r"\blevel\s*4\s+(on|for|in)\s+(every|each|all)\s+criteri",
    r"\b(total|overall)([ _]score)?\s*(of|=|:|is)?\s*100\b|\b100\s*/\s*100\b",
    # Markup that closes the answer or opens a prompt section of the grader's request.
    # ("the system prompt goes in <system> tags" names markup; it does not use it.)
    r"<\|im_start\|>\s*system|</?(candidate_answer|grader_instructions)\b|(</\s*(answer|response|submission|"
    r"system|user|assistant|instructions?|prompt|rubric)\s*>|<\s*(system|grader|evaluator|instructions?)\s*>)"
    r"(?!\s*(tags?|blocks?|sections?|messages?|prompts?|roles?|and|or|,))",
    r"\bend[ _]of[ _](the[ _])?(candidate[ _])?answer\b",
    # A hiring verdict, or a grade said to be settled already: no design sentence hands these over.
    r"\bstrong\s+(hire|yes)\b|\bpre-?graded\b|\b(answer|response|submission)\s+(has|had|was)\s+(already\s+)?"
    r"(been\s+)?(graded|scored|approved|evaluated)\b",
    # A grade this answer is to receive ("automatically receive 9/10", "earns 10 out of 10").
    # (Not a description of what raters or models do: "LLM judges tend to give 10/10 to verbose answers".)
    r"(?<!tend to )(?<!tends to )(?<!often )(?<!may )(?<!might )(?<!could )(?<!would )(?<!can )"
    r"\b(receive|receives|get|gets|be given|awarded|earn|earns|deserve|deserves|merit|merits|assign|give)\b"
    r".{0,30}\b(9|10|100)\s*(/|out of)\s*(10|100)\b(?!\s*of\b)|"
    # "should record a grade of 10/10"
    # ("record 10/10 for this answer"; "report 10/10 tests passed" counts tests)
    r"\b(record|log|enter|output|return|report|set)\s+(a|the|its|this)?\s*((final|overall)\s+)?((grade|score|rating|"
    r"mark)\s+(of\s+|as\s+|to\s+)?)?(10\s*(/|out of)\s*10|100\s*(/|out of)\s*100)\b"
    r"(?!\s*(tasks?|tests?|requests?|cases?|items?|queries|runs?|of)\b)",
    # A message posing as the grader's own prompt ("[SYSTEM MESSAGE: ...", "Admin notice: ...").
    r"\[\s*(system|admin|administrator|developer|operator|evaluator|grader)\s*(message|notice|note|override|"
    r"instructions?)?\s*:|\[\s*(system|admin|administrator|developer|operator)\s+(message|notice|note|override)\s*\]|"
    r"^\W*(system|admin|administrator|developer|operator)\s+(message|notice|note|override)\s*:",
    # The grading set-up itself named as something to replace or obey: the rubric "attached to this task",
    # a reviewer's role handed to the reader, graders told to copy or keep a score.
    r"\brubric\s+(attached|provided|given|supplied)\s+(to|with|for)\s+(this|the)\s+(task|case|question|"
    r"answer|response|submission|exercise|interview)\b",
    r"\byou\s+are\s+(now\s+)?(acting\s+as\s+|playing\s+)?(a|an|the)\s+(\w+\s+)?(reviewer|examiner|assessor)\b",
    r"\b(copy|keep|retain|reuse)\s+(this|that|the\s+(above|given|provided|attached))\s+(score|grade|rating|verdict)\b",
    # A grade someone else is said to have set, to be carried over ("carry the consensus score forward").
    r"\b(carry|copy|keep|retain|reuse|preserve|pass)\s+(this|that|the|its)\s+(consensus|panel|committee|final|"
    r"assigned|given|reviewers?'?|human|prior|previous|pre-?assigned)\s+(score|grade|rating|verdict)\s+"
    r"(forward|on|over|unchanged|as[- ]is)\b",
)), re.I)
# A verdict handed over as data keeps its key in quotes ({"score": 10}) or sits in a code block
# ("panel_score: 10" in ```yaml), which the quotation rule would hide.
_VERDICT_DATA = re.compile(r"\"(score|rating|grade|total|verdict)\"\s*:\s*\"?(10|100|strong hire|hire|pass)\b|"
                           r"\b[a-z]+[_-](score|rating|grade)\s*[:=]\s*\"?(10|100)\b(?![\w.,]*\d)", re.I)


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
    # Catalogued false claims the answer asserts: {id, criterion, claim, correction, evidence, contradicted}.
    misconceptions: list[dict] = field(default_factory=list)
    salad_sentences: int = 0
    overclaim_rate: float = 0.0

    def to_contract(self) -> dict:
        """The `mastery score --json` shape."""
        return {
            "case": self.case, "total": self.total, "scorer": self.scorer, "fallback_reason": self.fallback_reason,
            "criteria": [{"id": c.id, "level": c.level, "score": c.score, "missing_key_points": c.missing_key_points}
                         for c in self.criteria],
        }

    def to_dict(self) -> dict:
        out = asdict(self)
        for c, raw in zip(self.criteria, out["criteria"], strict=True):
            raw["missing_key_points"] = c.missing_key_points
        return out


# Character n-grams of stemmed content words, hashed: stateless, so phrasings and sentences share a space.
_HASHER = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=1 << 20, alternate_sign=False,
                            norm="l2", preprocessor=lambda t: " ".join(content_stems(t)))


_ROWS: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # sentence -> its hashed row (indices, values)
_ROWS_KEPT = 16384


def _hashed(texts: list[str]):
    """_HASHER.transform(texts), from rows kept per sentence: drafts and references are scored again and
    again, and a row does not depend on the other sentences (each is normalised on its own). Sentences not
    seen yet are hashed in one call."""
    known = {t: _ROWS.get(t) for t in texts}  # local: another thread may clear _ROWS meanwhile
    missing = [t for t, row in known.items() if row is None]
    if missing:
        if len(_ROWS) + len(missing) > _ROWS_KEPT:
            _ROWS.clear()
        new = _HASHER.transform(missing)
        for i, t in enumerate(missing):
            lo, hi = new.indptr[i], new.indptr[i + 1]
            known[t] = _ROWS[t] = (new.indices[lo:hi], new.data[lo:hi])
    rows = [row for t in texts if (row := known[t]) is not None]  # every one is filled by now
    indptr = np.zeros(len(rows) + 1, dtype=np.int32)
    np.cumsum([len(ix) for ix, _ in rows], out=indptr[1:])
    indices = np.concatenate([ix for ix, _ in rows]) if rows else np.zeros(0, dtype=np.int32)
    data = np.concatenate([d for _, d in rows]) if rows else np.zeros(0)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), _HASHER.n_features))


# "Ignore the rubric": an order, unless the sentence describes one given to or ignored by another model
# ("a system-prompt line telling the model to ignore instructions in retrieved content", "the model may
# ignore parts of the prompt") and names nothing of the grading.
_IGNORE_ORDER = re.compile(r"\b(ignore|disregard|forget)\b.{0,60}\b(instruction|instructions|rubric|rules|previous|"
                           r"above|prompt)\b", re.I)
_DESCRIBED = re.compile(r"\b(tell\w*|instruct\w*|ask\w*|say\w*|said|such as|like|e\.g\.|attack\w*|inject\w*|hid\w*|"
                        r"embedded|may|might|can|could|will|tends? to|often|models?|llms?)\W+(\w+\W+){0,4}$", re.I)
_GRADING = re.compile(r"\b(grader|grading|judge|evaluator|scorer|scoring|rubric|score|marks|reviewer)\b", re.I)


@lru_cache(maxsize=16384)
def is_injection(sentence: str) -> bool:
    """Text addressed to the grader. Quoted text is discussed, not addressed (a RAG design may quote an attack)."""
    bare = QUOTED.sub(" ", sentence)
    if _INJECTION.search(bare) is not None or _VERDICT_DATA.search(sentence) is not None:
        return True
    order = _IGNORE_ORDER.search(bare)
    return order is not None and (_GRADING.search(bare) is not None or _DESCRIBED.search(bare[:order.start()]) is None)


@dataclass(frozen=True)
class _Phrasings:
    """All phrasings of a list of items (key points or red flags), with which item each belongs to."""
    owner: list[int]
    stems: list[frozenset]
    literals: list[str]  # normalised phrasing, for one-word phrasings that must appear as written
    matrix: object  # sparse (n_phrasings, n_features)
    matrix_t: object  # its transpose, converted once (a per-call transpose costs a CSC->CSR copy)
    vocab: dict[str, int]  # every stem of a phrasing -> a column of stems_t
    stems_t: object  # sparse 0/1 (n_stems, n_phrasings): which stems each phrasing has
    sizes: np.ndarray  # len(stems) of each phrasing
    owners: object  # sparse 0/1 (n_phrasings, n_items): which item each phrasing belongs to

    @classmethod
    def build(cls, items: list[list[str]]) -> _Phrasings:
        owner, texts = [], []
        for i, phrasings in enumerate(items):
            for p in phrasings:
                owner.append(i)
                texts.append(p)
        matrix = _HASHER.transform(texts)
        stems = [frozenset(content_stems(t)) for t in texts]
        vocab: dict[str, int] = {}
        for st in stems:
            for w in st:
                vocab.setdefault(w, len(vocab))
        rows = [vocab[w] for st in stems for w in st]
        cols = [pi for pi, st in enumerate(stems) for _ in st]
        stems_t = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(vocab), len(stems)))
        owners = sparse.csr_matrix((np.ones(len(owner)), (range(len(owner)), owner)), shape=(len(owner), len(items)))
        return cls(owner, stems, [f" {normalise(t)} " for t in texts], matrix, matrix.T.tocsr(), vocab, stems_t,
                   np.array([len(st) for st in stems]), owners)

    def overlaps(self, sentence_stems: list[frozenset]) -> np.ndarray:
        """shared[sentence, phrasing] = len(phrasing stems & sentence stems), as one sparse product."""
        rows = [si for si, st in enumerate(sentence_stems) for w in st if w in self.vocab]
        cols = [self.vocab[w] for st in sentence_stems for w in st if w in self.vocab]
        s = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sentence_stems), len(self.vocab)))
        return (s @ self.stems_t).toarray()

    def literal_hits(self, normalised: list[str] | None, n_sentences: int, which: np.ndarray) -> np.ndarray:
        """hit[sentence, phrasing]: the phrasing, normalised, occurs as written (only for the `which` ones)."""
        hits = np.zeros((n_sentences, len(self.owner)), dtype=bool)
        if normalised is not None:
            for pi in np.flatnonzero(which):
                hits[:, pi] = [self.literals[pi] in n for n in normalised]
        return hits

    def by_item(self, hits: np.ndarray) -> np.ndarray:
        """any_hit[sentence, item] from hit[sentence, phrasing]."""
        return (sparse.csr_matrix(hits.astype(float)) @ self.owners).toarray() > 0

    def statuses(self, sentence_stems: list[frozenset], sentence_matrix, n_items: int,
                 strict: bool = False, normalised: list[str] | None = None) -> list[list[Status]]:
        """status[sentence][item]: covered when a phrasing's content words all occur in the sentence or
        its n-grams are close; partial when they are fairly close or most content words occur.
        strict (for red flags, where a false alarm costs points): only a close resemblance counts.
        (Computed for all sentences and phrasings at once: the per-pair loop was a quarter of a score.)"""
        n = len(sentence_stems)
        if n == 0:
            return []
        sims = (sentence_matrix @ self.matrix_t).toarray()
        shared = self.overlaps(sentence_stems)
        size = self.sizes[None, :]
        if strict:
            # "A request is a request.": a phrasing of fewer than two content words counts only as written.
            literal = self.literal_hits(normalised, n, self.sizes < 2)
            ratio = np.divide(shared, size, out=np.zeros_like(shared), where=size > 0)
            covered = np.where(size < 2, literal, (sims >= RED_FLAG_SIM) & (ratio >= 0.75))
            partial = np.zeros_like(covered)
        else:
            # One content word ("re-ranking" -> "rank") is too generic to match by stem: it must appear as written.
            literal = self.literal_hits(normalised, n, self.sizes == 1)
            whole = ((size >= 2) & (shared == size)) | ((size == 1) & literal)
            covered = whole | (sims >= CHAR_COVERED)
            share = np.divide(shared, size, out=np.zeros_like(shared), where=size > 0)
            partial = (sims >= CHAR_PARTIAL) | ((size >= 2) & (shared >= 2) & (share >= 0.6))
        cov, part = self.by_item(covered), self.by_item(partial)
        labels = np.where(cov, "covered", np.where(part, "partial", "missing"))
        return [list(row) for row in labels[:, :n_items].tolist()]


def _asserted(phrasings: _Phrasings, sentence_stems: list[frozenset], sentence_matrix,
              n_items: int) -> list[list[bool]]:
    """hit[sentence][item]: the sentence says what one of the item's phrasings says (most of its content
    words and a close character shape, or a very close shape alone)."""
    if not sentence_stems:
        return []
    sims = (sentence_matrix @ phrasings.matrix_t).toarray()
    size = phrasings.sizes[None, :]
    shared = phrasings.overlaps(sentence_stems)
    recall = np.divide(shared, size, out=np.zeros_like(shared), where=size >= 4)
    lengths = np.array([len(st) for st in sentence_stems])[:, None]
    # Most content words, so the words that make the claim false are there too; shape alone would also
    # match a correct sentence about the same topic.
    hits = (recall >= MISCONCEPTION_STEM_RECALL) & (sims >= MISCONCEPTION_SIM) & (lengths <= 3 * size)
    return phrasings.by_item(hits)[:, :n_items].tolist()


@dataclass(frozen=True)
class _CasePhrasings:
    points: _Phrasings
    flags: _Phrasings | None
    misconceptions: _Phrasings | None
    claims: ClaimMatcher | None  # the same phrasings, matched on concepts (paraphrases, dismissals)
    corrections: list[list[str]]  # each misconception's correction, as sentences
    # Per key point: whether it agrees with a dismissal (is negative, or itself says something is not
    # needed), and the indices of its phrasings in `points`.
    agreeing: tuple[bool, ...]
    owned: tuple[tuple[int, ...], ...]


_CASE_PHRASINGS: dict[str, tuple[DesignCase, _CasePhrasings]] = {}


def _case_phrasings(case: DesignCase) -> _CasePhrasings:
    cached = _CASE_PHRASINGS.get(case.id)
    if cached is None or cached[0] is not case:
        points = [[kp.text, *kp.synonyms] for cr in case.rubric.criteria for kp in cr.key_points]
        # A red flag's text describes the mistake in rubric language that a correct design also uses
        # ("evaluates the policy with the same reward model"); only its phrasings, the words a candidate
        # making the mistake would say, are matched. The same holds for a misconception's claim.
        flags = [list(rf.phrasings) or [rf.text] for rf in case.rubric.red_flags]
        wrong = [list(m.phrasings) for m in case.rubric.misconceptions]
        background = [*sentences(case.prompt), *sentences(case.back_of_envelope), *sentences(case.reference_design),
                      *(q.answer for q in case.clarifying_questions),
                      *(kp.text for cr in case.rubric.criteria for kp in cr.key_points)]
        built = _Phrasings.build(points)
        owned: list[list[int]] = [[] for _ in points]
        for j, i in enumerate(built.owner):
            owned[i].append(j)
        cached = (case, _CasePhrasings(built, _Phrasings.build(flags) if flags else None,
                                       _Phrasings.build(wrong) if wrong else None,
                                       ClaimMatcher.build(wrong, background) if wrong else None,
                                       [sentences(m.correction) for m in case.rubric.misconceptions],
                                       tuple(agrees_with_a_dismissal(kp.text)
                                             for cr in case.rubric.criteria for kp in cr.key_points),
                                       tuple(tuple(js) for js in owned)))
        _CASE_PHRASINGS[case.id] = cached
    return cached[1]


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


@lru_cache(maxsize=64)
def _similarities(case_ids: tuple[str, ...], answer: str) -> np.ndarray:
    """The answer's similarity to every case; kept for the last answers (one answer is judged against the case
    it answers and, in the mock and the tests, against others)."""
    vec, matrix = _case_profiles(case_ids)
    sims = (matrix @ vec.transform([answer]).T).toarray().ravel()
    sims.flags.writeable = False  # shared by every caller
    return sims


def relevance(case: DesignCase, answer: str) -> float:
    """Similarity to this case divided by the best similarity to any other case (1.0 when this case wins)."""
    from design_cases.loader import load_cases

    ids = tuple(sorted(load_cases().by_id()))
    if case.id not in ids or len(ids) < 2:
        return 1.0
    sims = _similarities(ids, answer)
    own = sims[ids.index(case.id)]
    others = max(s for i, s in enumerate(sims) if ids[i] != case.id)
    if others <= 0:
        return 1.0
    return float(min(1.0, own / others))


# Markers of a sentence that explains (why, how, how much) rather than names.
_EXPLAINS = re.compile(
    r"\b(because|since|so that|so we|which means|that means|therefore|thus|hence|in order to|to avoid|to keep|"
    r"to reduce|to prevent|otherwise|trade-?offs?|at the cost of|costs?|instead|rather than|unless|if|when|"
    r"whereas|but|however|while|by|via|per|each|assum\w*|about|roughly|approximately|at most|at least|"
    r"within|under|below|above|limit\w*|budget)\b|\d", re.I)
# A quantity with a unit: what a scale criterion is made of.
_QUANTITY = re.compile(
    r"\b\d[\d,.]*\s*(%|k|m|b|x|ms|s|sec|secs|seconds?|min|minutes?|h|hours?|days?|weeks?|kb|mb|gb|tb|pb|kib|mib|"
    r"gib|tib|qps|rps|tps|tokens?|bytes?|gpus?|cpus?|nodes?|replicas?|shards?|servers?|machines?|users?|requests?|"
    r"items?|queries|documents?|messages?|events?|rows?|dims?|dimensions?|usd|dollars?|flops?|tflop/?s|pflop/?s|"
    r"million|billion|thousand|per)\b|[$€£]\s*\d|\b\d+(\.\d+)?\s*[kmbt]\b", re.I)
_ABSOLUTE = re.compile(r"\b(always|never|guarantee[sd]?|perfect(ly)?|automatically|completely|entirely|eliminat\w*|"
                       r"no need|zero|impossible|definitely|certainly|100%|instantly|trivially|only|any|every|all|"
                       r"equals?|same|identical|enough|just|fully|solves?|fix(es)?|exactly|unbiased|free)\b", re.I)
_SCALE_CRITERION = re.compile(r"scal|capacit|estimat|envelope|sizing|cost|throughput|numbers|latency|budget", re.I)


_TERMINATOR = re.compile(r"[.!?;:]\s*$")
DISMISSED_CLAIM = "Says that something this design needs is unnecessary."


def _pieces(text: str) -> list[str]:
    """Sentences. Text whose lines mostly lack sentence punctuation (phrases one per line) is read a line
    at a time, so each line is judged on its own."""
    lines = [ln for ln in (text or "").splitlines() if ln.strip()]
    if len(lines) >= 6:
        unpunctuated = sum(not _TERMINATOR.search(ln) and "." not in ln for ln in lines)
        if unpunctuated / len(lines) > 0.6:
            text = "\n\n".join(lines)
    return sentences(text)


def _negated_or_reported(sentence: str) -> bool:
    return bool(_NEGATION.search(sentence)) or is_reported(sentence)


def _select(usable: list[str], stems: list[frozenset], matrix, phrasings: _Phrasings) -> list[int]:
    """Indices of the sentences scored: all of them, or for a long answer the best-matching ones up to
    SCORED_WORDS words (in answer order)."""
    lengths = [len(s.split()) for s in usable]
    if sum(lengths) <= SCORED_WORDS:
        return list(range(len(usable)))
    best = (matrix @ phrasings.matrix_t).max(axis=1).toarray().ravel()
    chosen, total = [], 0
    for i in sorted(range(len(usable)), key=lambda i: -best[i]):
        if total + lengths[i] <= SCORED_WORDS:
            chosen.append(i)
            total += lengths[i]
    return sorted(chosen)


def score_design(case: DesignCase, answer: str) -> RubricScore:
    """Score a design answer against the case's rubric. Raises AnswerTooLarge over MAX_ANSWER_BYTES."""
    from evaluators.plausibility import (
        SALAD_ORDER_MIN_WORDS,
        SALAD_RATE,
        mostly_salad_lines,
        orderless,
        pair_rate,
    )

    check_answer_size(answer)
    raw_sentences = _pieces(answer or "")
    ignored = [s for s in raw_sentences if is_injection(s)]
    seen: set[str] = set()
    candidates, terse, overlong = [], [], 0
    for s in raw_sentences:
        key = normalise(s)
        if s in ignored or key in seen:
            continue
        if not is_explanatory(s, min_words=6):
            # Earns no key-point credit, but a terse false claim ("Higher acceptance always means better
            # suggestions.") is still a claim.
            if 6 <= len(s.split()) <= LONG_SENTENCE_WORDS:
                terse.append(s)
            continue
        seen.add(key)
        if len(s.split()) > LONG_SENTENCE_WORDS:  # unpunctuated runs (a pasted list, a salad): not evidence
            overlong += 1
            continue
        candidates.append(s)
    # Word salad: sentences whose word pairs English does not use. Written answers have at most ~12% of
    # such sentences (over-long runs count as such); where more are, the rest is held to a higher bar,
    # and a mostly-salad answer is void.
    rates = [pair_rate(s) for s in candidates]
    # Word order is judged on long pieces only (a run of lines joined into one): on a short sentence the
    # shuffles vary too much, and one sentence can be a whole answer.
    low = [r is not None and (r < SALAD_RATE or (len(s.split()) >= SALAD_ORDER_MIN_WORDS and orderless(s)))
           for s, r in zip(candidates, rates, strict=True)]
    low += [True] * overlong
    share = sum(low) / len(low) if low else 0.0
    # Judged a line at a time, an answer of mostly random lines is void however its lines joined into
    # sentences. (Only the void bar: prose hard-wrapped at 80 columns reaches 0.21 of lines, 0.34 in
    # another field's words; salads of the case's words 0.44 or more, 235 of 236.)
    if share < SALAD_VOID_SHARE and mostly_salad_lines(answer, SALAD_VOID_SHARE):
        share = SALAD_VOID_SHARE
    bar = 1.01 if share >= SALAD_VOID_SHARE else SALAD_STRICT_RATE if share >= SALAD_SUSPECT_SHARE else SALAD_RATE
    usable = [s for s, r in zip(candidates, rates, strict=True) if r is None or r >= bar]
    salad = len(candidates) - len(usable) + overlong
    phrasings = _case_phrasings(case)
    if usable:
        all_stems = [frozenset(content_stems(s)) for s in usable]
        full = _hashed(usable)
        keep = _select(usable, all_stems, full, phrasings.points)
        usable = [usable[i] for i in keep]
        matrix = full[keep] if len(keep) < full.shape[0] else full
    else:
        matrix = None
    stems = [frozenset(content_stems(s)) for s in usable]
    all_points = [(cr, kp) for cr in case.rubric.criteria for kp in cr.key_points]
    normalised = [f" {normalise(u)} " for u in usable]
    per_sentence = phrasings.points.statuses(stems, matrix, len(all_points), normalised=normalised) if usable else []
    raw_rows = per_sentence
    # A sentence that hits many key points at once is a list of buzzwords, not a design: it earns nothing.
    per_sentence = [row if sum(v == "covered" for v in row) < DESIGN_BUZZWORD_HITS else ["missing"] * len(row)
                    for row in per_sentence]
    # A sentence that calls a practice of the rubric unnecessary asserts the opposite of that key point: it
    # earns no credit for it, and it is a false claim like a catalogued one (the rubric's key points are
    # what the design needs, so "we do not need X" for one of them is wrong whatever its wording).
    dismissed: dict[int, int] = {}  # key point index -> the first sentence that dismisses it
    # A key point that is itself negative ("Does not treat shared documents as public") or itself dismisses
    # something agrees with a dismissal.
    agreeing, owned = phrasings.agreeing, phrasings.owned
    for si, (s, row) in enumerate(zip(usable, raw_rows, strict=True)):
        clause = dismissed_clause(s)  # most sentences dismiss nothing: the cheap test first
        if clause is None:
            continue
        # A sentence that states a key point which is itself a dismissal is that key point, not a denial.
        if any(v == "covered" and agreeing[i] for i, v in enumerate(row)):
            continue
        # What is dismissed must be the key point: the sentence covers it, or the dismissing clause names it,
        # however little else of the sentence is about it. Naming takes two of a phrasing's words ("Every view
        # has a label, so no negative downsampling is needed" only touches "Trains the two-tower with in-batch
        # negatives"), or its one word when the clause names one thing ("Exploration can be skipped" against
        # the phrasing "bandit exploration").
        named = frozenset(content_stems(clause)) - DISMISSAL_WORDS
        need = min(2, len(named))
        touched = [i for i, v in enumerate(row) if not agreeing[i] and need and (
            v == "covered" or max(len(phrasings.points.stems[j] & named) for j in owned[i]) >= need)]
        if not touched:
            continue
        # The key point it dismisses: of those it touches, covered before partial, then the closest in shape.
        sims = (matrix[si] @ phrasings.points.matrix_t).toarray().ravel()
        closest = np.zeros(len(row))
        np.maximum.at(closest, phrasings.points.owner, sims)
        ki = max(touched, key=lambda i: (row[i] == "covered", closest[i]))
        per_sentence[si] = [("missing" if i == ki else v) for i, v in enumerate(per_sentence[si])]
        dismissed.setdefault(ki, si)
    explains = [bool(_EXPLAINS.search(s)) for s in usable]
    quantities = sum(bool(_QUANTITY.search(s)) for s in usable)

    # Misconceptions asserted, and asserted-and-denied (self-contradiction).
    found: list[dict] = []
    # Terse sentences and sentences set aside as salad are checked for false claims too (an unusual but
    # real sentence can fall under the salad bar, and a salad line that happened to make a catalogued claim
    # loses nothing it had); a void (mostly salad) answer has nothing to check.
    kept = set(usable)
    said = usable + ([s for s in candidates if s not in kept] + terse if bar <= 1 else [])
    if said and phrasings.misconceptions is not None and phrasings.claims is not None:
        extra = said[len(usable):]
        if not extra:
            said_matrix = matrix
        elif matrix is None:
            said_matrix = _hashed(extra)
        else:
            said_matrix = sparse.vstack([matrix, _hashed(extra)]).tocsr()
        hits = _asserted(phrasings.misconceptions, [frozenset(content_stems(s)) for s in said], said_matrix,
                         len(case.rubric.misconceptions))
        # The same claims on concepts: a paraphrase or a dismissal ("we don't need X") that shares few words.
        claims = phrasings.claims.relations(said)
        corrections = phrasings.corrections
        for mi, m in enumerate(case.rubric.misconceptions):
            # The cheap test first: most sentences match no claim, and is_hedged is paid per claim.
            asserted = [s for s, row, rel in zip(said, hits, claims, strict=True)
                        if ((row[mi] and not _negated_or_reported(s)) or (rel[mi] == "asserts" and not is_reported(s)))
                        and not is_hedged(s, m.phrasings)
                        and not closer_to_correction(s, m.phrasings, corrections[mi])]
            if not asserted:
                continue
            denied = any((row[mi] and _NEGATION.search(s)) or rel[mi] == "denies"
                         for s, row, rel in zip(said, hits, claims, strict=True))
            found.append({"id": m.id, "criterion": m.criterion, "claim": m.claim, "correction": m.correction,
                          "evidence": asserted[0], "contradicted": denied})
    evidence_of_found = {f["evidence"] for f in found}
    for ki, si in sorted(dismissed.items(), key=lambda kv: kv[1]):
        if usable[si] in evidence_of_found:  # already counted as a catalogued claim
            continue
        cr, kp = all_points[ki]
        evidence_of_found.add(usable[si])
        found.append({"id": f"dismisses-{kp.id}", "criterion": cr.id, "claim": DISMISSED_CLAIM,
                      "correction": kp.text, "evidence": usable[si], "contradicted": False})
    # Worked arithmetic off by 4x or more (evaluators.arithmetic) is a false claim about the numbers: it costs
    # the criterion that judges them.
    numbers_criterion = next((cr.id for cr in case.rubric.criteria if _SCALE_CRITERION.search(cr.id + " " + cr.name)),
                             case.rubric.criteria[0].id)
    for sentence in usable:
        wrong_sum = None if sentence in evidence_of_found else next(iter(miscalculations(sentence)), None)
        if wrong_sum is not None:
            evidence_of_found.add(sentence)
            found.append({"id": f"miscalculation-{len(found)}", "criterion": numbers_criterion,
                          "claim": MISCALCULATION_CLAIM, "correction": wrong_sum.correction, "evidence": sentence,
                          "contradicted": False})
    wrong_by_criterion: dict[str, int] = {}
    for f in found:
        wrong_by_criterion[f["criterion"]] = wrong_by_criterion.get(f["criterion"], 0) + 1 + f["contradicted"]

    criteria = []
    index = 0
    for cr in case.rubric.criteria:
        results, credit = [], 0.0
        for kp in cr.key_points:
            status: Status = "missing"
            evidence, best = None, 0.0
            for si, (sentence, row) in enumerate(zip(usable, per_sentence, strict=True)):
                value = {"covered": 1.0, "partial": 0.5}.get(row[index], 0.0)
                if value and not explains[si]:
                    value *= NAMES_ONLY_CREDIT
                if value > best:
                    best, evidence = value, sentence
                    status = row[index]
            results.append(KeyPointResult(kp.id, kp.text, status, evidence))
            credit += best
            index += 1
        coverage = credit / len(results)
        wrong = wrong_by_criterion.get(cr.id, 0)
        coverage = max(0.0, coverage - MISCONCEPTION_COVERAGE_COST * wrong * coverage) if wrong else coverage
        level = _level(coverage)
        if wrong:
            level = min(level, 2 if wrong == 1 else 1)
        if _SCALE_CRITERION.search(cr.id + " " + cr.name) and quantities == 0:
            level = min(level, 2)
            coverage = min(coverage, LEVEL_THRESHOLDS[1])
        missing = [r.text for r in results if r.status != "covered"]
        feedback = "Covered every key point." if not missing else "Missing or thin: " + "; ".join(missing)
        if wrong:
            feedback += f" A false claim costs this criterion ({wrong})."
        # Points follow coverage continuously (finer than the four levels, so answers are ranked
        # within a level); the level is the interviewer-facing summary of the same coverage.
        points = cr.weight * min(1.0, coverage / FULL_CREDIT_COVERAGE)
        criteria.append(CriterionResult(cr.id, cr.name, cr.weight, level, round(points, 2), round(coverage, 3),
                                        results, feedback))

    total = sum(c.score for c in criteria)
    notes: list[str] = []
    flags = []
    if usable and phrasings.flags is not None:
        flag_rows = phrasings.flags.statuses(stems, matrix, len(case.rubric.red_flags), strict=True,
                                             normalised=normalised)
        for fi, rf in enumerate(case.rubric.red_flags):
            for sentence, row in zip(usable, flag_rows, strict=True):
                if row[fi] == "covered" and not _NEGATION.search(sentence):
                    flags.append({"id": rf.id, "text": rf.text, "evidence": sentence})
                    break
    if flags:
        total -= min(RED_FLAG_CAP, RED_FLAG_PENALTY * len(flags))
        notes.append("Red flags: " + "; ".join(f["text"] for f in flags))
    # Absolutes are counted in the sentences that say something about this design (touch a key point).
    on_topic = [s for s, row in zip(usable, raw_rows, strict=True) if any(v != "missing" for v in row)]
    overclaim = (sum(len(_ABSOLUTE.findall(s)) for s in on_topic) / len(on_topic)) if on_topic else 0.0
    if found:
        total -= min(MISCONCEPTION_CAP, MISCONCEPTION_PENALTY * sum(1 + f["contradicted"] for f in found))
        # A false claim in an answer full of absolutes is not a slip: it weighs as two.
        weight = len(found) + (overclaim > OVERCLAIM_START)
        cap = FALSE_CLAIMS_CAPS.get(min(weight, max(FALSE_CLAIMS_CAPS)))
        if cap is not None and total > cap:
            total = cap
            notes.append((f"{len(found)} distinct false claims" if len(found) > 1 else
                          "A false claim among many absolute statements")
                         + ": an interviewer would stop here, so "
                         + (f"the answer fails ({cap:g})." if cap == 0 else f"the total is capped at {cap:g}."))
        notes.append(f"False claims: {len(found)} (see the corrections)"
                     + (f"; {sum(f['contradicted'] for f in found)} also contradicted elsewhere in the answer"
                        if any(f["contradicted"] for f in found) else ""))
    if overclaim > OVERCLAIM_START:
        share = min(1.0, (overclaim - OVERCLAIM_START) / (OVERCLAIM_FULL - OVERCLAIM_START))
        total *= 1.0 - (1.0 - OVERCLAIM_FLOOR) * share
        notes.append("Many absolute claims (always, never, guarantees) and few trade-offs: scaled down.")
    if salad:
        notes.append(f"{salad} sentence(s) read as random words and earned nothing.")
    if ignored:
        total = min(total, INJECTION_CAP)
        notes.append("Sentences addressed to the grader were ignored, and an answer that tries to steer its grader "
                     f"scores {INJECTION_CAP:g}.")
    rel = relevance(case, " ".join(usable)) if usable else 1.0
    if rel < OFF_TOPIC_RATIO:
        total *= max(0.0, (rel - OFF_TOPIC_FLOOR) / (OFF_TOPIC_RATIO - OFF_TOPIC_FLOOR))
        notes.append("The answer reads more like a different problem than this case; it was scaled down.")
    weakest = sorted(criteria, key=lambda c: (c.level, -c.weight))[:2]
    if usable:
        to_work_on = [c.name for c in weakest if c.level < 4]
        notes.append("Work on: " + ", ".join(to_work_on) if to_work_on else "Strong coverage of the rubric.")
    else:
        notes.append("No explanatory sentences found: write the design out in sentences.")
    return RubricScore(case.id, round(max(0.0, min(100.0, total)), 1), criteria, flags, ignored, round(rel, 3), notes,
                       misconceptions=found, salad_sentences=salad, overclaim_rate=round(overclaim, 3))
