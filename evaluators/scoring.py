"""Offline scoring of a short free-form answer against a reference answer (and its key points).

    score_answer(question, reference, answer, key_points=None) -> float in [0, 1]

Deterministic, no network. Three signals, all computed after *question demoting* (words of the
question earn nothing: restating the question is not answering it):
- coverage of the reference's content words (stemmed) by the answer, and the answer's precision;
- character n-gram similarity over stemmed content words, so 'batched'/'batching' or 'KV-cache'/'kv cache' match;
- when key points are given, the share of key points some explanatory sentence of the answer covers.
Keyword lists without grammar get no key-point credit, and length alone earns nothing. A catalogued false
claim, or a sentence calling one of the key points unnecessary, caps the score at "Not yet". For a bank
question, an answer largely outside the question's material is capped at "Not yet" if it covers fewer key
points than the reference, and held at "Partly" if not (what the check cannot check, it does not credit).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from evaluators.arithmetic import MISCALCULATION_CLAIM, miscalculations
from evaluators.claims import (
    FALSE_AS_REPORT,
    ClaimMatcher,
    agrees_with_a_dismissal,
    closer_to_correction,
    concepts,
    dismissed_clause,
    is_hedged,
)
from evaluators.quantities import unit_scale
from evaluators.scoring_constants import MISCONCEPTION_STEM_RECALL, SHORT_BUZZWORD_HITS, check_answer_size
from evaluators.text import char_ngrams, char_norm, content_stems, cosine, is_explanatory, sentences

# A key point counts as covered when one sentence shares this much of its content or its character shape.
KEY_POINT_STEM_RECALL = 0.6
KEY_POINT_CHAR_SIM = 0.42
PARTIAL_FACTOR = 0.5
# Raw similarities of a complete, correct answer sit around these values; scores are scaled to them.
FULL_MARKS_RAW = 0.62


# Caps that keep a wrong answer at "not yet" (suggested_rating "not" below 0.35).
WRONG_CAP = 0.3
# The highest score that still suggests "partly" (suggested_rating "knew" from 0.65).
PARTLY_CAP = 0.64
# An answer whose content words are this much or more outside the question's own material (reference, key
# points, follow-ups, corrections of its false claims) is largely statements the checker cannot check. If it
# also covers fewer key points than the reference itself does, it suggests no credit ("Not yet"); if it covers
# as many, at most "Partly". First set with a coverage condition (under 60% of the reference's) on the dev sets
# (scoring_dev_short_bank.yaml and scoring_holdout_short_bank_v2.yaml): wrong-on-topic answers suggesting
# "Partly" 26 -> 9 of 68, partial answers 37 -> 32. Widened to any coverage under the reference's on
# 2026-12-08, decided on the dev, v2 and v4 sets: wrong-on-topic answers above "Not yet" 19 -> 12 of 132 (Knew
# 6 -> 3), partial answers suggesting "Partly" 4 fewer, paraphrases and terse answers unchanged; then measured
# on v3 (never tuned on): wrong-on-topic above "Not yet" 10 -> 7 of 42, one partial answer Partly -> Not yet.
# No blind paraphrase reaches the share (the highest is 0.38), nor does a reference with up to five sentences
# of another same-topic reference appended (a test); a reference with another whole reference appended does in
# 204 of 455 questions, and is held at "Partly".
UNSUPPORTED_SHARE = 0.4


@dataclass
class AnswerAnalysis:
    score: float
    covered: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    # Why the score was capped at "not yet", and the question's false claims the answer asserts (claim,
    # correction); why it was held at "partly" (limits).
    caps: list[str] = field(default_factory=list)
    misconceptions: list[dict] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)

    @property
    def suggested_rating(self) -> str:
        """The self-rating this score suggests on the Question bank page (knew / partly / not)."""
        if self.score >= 0.65:
            return "knew"
        return "partly" if self.score >= 0.35 else "not"




def _sentence_status(point_stems: frozenset[str], point_grams, point_norm: float, sent_stems: set, sent_grams,
                     sent_norm: float) -> float:
    recall = len(point_stems & sent_stems) / len(point_stems) if point_stems else 0.0
    sim = cosine(point_grams, sent_grams, point_norm, sent_norm)
    if recall >= KEY_POINT_STEM_RECALL or sim >= KEY_POINT_CHAR_SIM:
        return 1.0
    if recall >= KEY_POINT_STEM_RECALL / 2 or sim >= KEY_POINT_CHAR_SIM * 0.7:
        return PARTIAL_FACTOR
    return 0.0


@lru_cache(maxsize=4096)
def _prepared_point(point: str, demoted: frozenset[str]) -> tuple[frozenset[str], Counter, float]:
    """A key point's content words (the question's excepted, unless that leaves none), n-grams and norm; kept
    per question, since every check of an answer to it compares each sentence with each key point."""
    stems = frozenset(s for s in content_stems(point) if s not in demoted) or frozenset(content_stems(point))
    return stems, char_ngrams(point), char_norm(point)


def _key_point_statuses(points: list[str], answer_sentences: list[str], demoted: set[str]) -> list[float]:
    """Per key point: 1.0 covered, PARTIAL_FACTOR partial, 0.0 missed, by the best explanatory sentence."""
    frozen = frozenset(demoted)
    prepared = [_prepared_point(point, frozen) for point in points]
    best = [0.0] * len(points)
    for sent in answer_sentences:
        if not is_explanatory(sent, min_words=5):
            continue
        sent_stems, sent_grams = set(content_stems(sent)), char_ngrams(sent)
        sent_norm = char_norm(sent)
        row = [_sentence_status(st, gr, nr, sent_stems, sent_grams, sent_norm) for st, gr, nr in prepared]
        if sum(v == 1.0 for v in row) >= SHORT_BUZZWORD_HITS:
            continue
        best = [max(b, v) for b, v in zip(best, row, strict=True)]
    return best


# A number glued to a word by a hyphen names a thing ("3-D", "top-5") unless the word is a unit ("8-byte",
# "16-bit").
_HYPHEN_UNIT = r"(?:bytes?|bits?|[kmgt]i?b|ms|gpus?|tokens?|dims?|dimensional|way|fold|core|node)\b"
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)*)(?:e([+-]?\d+))?(?!\d|[.,]\d|-(?!" + _HYPHEN_UNIT + r")[a-z])"
                     r"(\+?)((?<=\d)[x×](?!\w)|\s*(?:%|[kmgtp]i?b\b|(?:kilo|mega|giga|tera|peta)?bytes?\b|ns\b|us\b|µs\b|ms\b|"
                     r"s\b|secs?\b|seconds?\b|minutes?\b|hours?\b|days?\b|k\b|m\b|b\b|thousand\b|million\b|"
                     r"billion\b|trillion\b))?", re.I)
# A unit gives a number its dimension and scale (evaluators.quantities): "4 MB" and "4.2 GB" are both bytes and
# far apart, "4 bytes" and "4x" are different things.
# Negated, or reported as wrong (evaluators.claims.FALSE_AS_REPORT: "false positive" is a term).
_NEGATED = re.compile(rf"\b(not|no|never|isn't|aren't|doesn't|don't|wrong|myth|mistake|{FALSE_AS_REPORT})\b", re.I)
# Words that put what follows aside ("a latent instead of per-head keys").
_ASIDE = re.compile(r"\b(?:instead of|rather than)\b", re.I)


@lru_cache(maxsize=4096)
def _quantities(text: str) -> frozenset[tuple[str, float, float]]:
    """(dimension, value, number as written) of each quantity in the text: "4.2 GB" is ("B", 4.2e9, 4.2),
    "2.1e9" is ("", 2.1e9, 2.1e9). Cached: a question's corrections and phrasings are read on every check."""
    out = set()
    for digits, exponent, plus, unit in _NUMBER.findall(text or ""):
        if plus and "." in digits:  # a version ("sklearn 1.8+"), not a quantity
            continue
        try:
            value = float(digits.replace(",", "")) * 10.0 ** int(exponent or 0)
        except (ValueError, OverflowError):
            continue
        dimension, scale = unit_scale(unit) if unit.strip() else ("", 1.0)
        out.add((dimension, value * scale, value))
    return frozenset(out)


def _numbers(text: str) -> set[float]:
    return {value for _, value, _ in _quantities(text)}


def _close(a: tuple[str, float, float], b: tuple[str, float, float]) -> bool:
    """Within 10%. Two quantities with units must have the same dimension; a bare number may be either, as
    written or scaled ("120" matches "120 ms")."""
    def near(x: float, y: float) -> bool:
        return abs(x - y) <= 0.1 * abs(y)
    if a[0] and b[0]:
        return a[0] == b[0] and near(a[1], b[1])
    return near(a[1], b[1]) or near(a[2], b[2])


# A question that asks for a figure: it gives numbers to work with, or asks to estimate or compute one.
_ASKS_FOR_A_FIGURE = re.compile(r"\d|\b(estimate|calculate|compute|how (much|many|long|large|big|fast)|"
                                r"what (size|rate|throughput|latency)|size|budget)\b", re.I)


def _misses_the_result(question: str, key_points: list[str], answer: str) -> bool:
    """The question asks for a figure, the key points state a result (a number the question does not give)
    and the answer, which does work with numbers, reaches none of them (within 10%): a confident wrong
    estimate. (A question that asks for no figure has key-point numbers that are details, "about 10% of
    the time", which an answer may say in words: "one example in ten".)"""
    if not _ASKS_FOR_A_FIGURE.search(question):
        return False
    given = {v for _, value, written in _quantities(question) for v in (value, written)}
    results = {k for k in _quantities(" ".join(key_points)) if not {k[1], k[2]} & given and k[1] not in (0, 1, 2)}
    stated = _quantities(answer)
    if not results or len(stated) < 2:
        return False
    return not any(_close(a, r) for a in stated for r in results)


def _field(misconception, name: str, default):
    """A misconception's field, from the bank's model or from a plain dict (both are passed in)."""
    return getattr(misconception, name, None) or misconception.get(name, default)


def _claims_key(misconceptions) -> tuple[tuple[tuple[str, ...], str], ...]:
    """A question's claims as (phrasings, correction) pairs: the key its catalogue is kept under."""
    return tuple((tuple(_field(m, "phrasings", [])), _field(m, "correction", "")) for m in misconceptions)


@dataclass(frozen=True)
class _Catalogue:
    matcher: ClaimMatcher  # all of the question's claims at once
    truths: tuple[tuple[str, ...], ...]  # per claim, its correction's sentences
    # per claim, each phrasing's content words and whether it says something "instead of" something else
    words: tuple[tuple[tuple[frozenset[str], bool], ...], ...]


@lru_cache(maxsize=1024)
def _catalogue(claims: tuple[tuple[tuple[str, ...], str], ...]) -> _Catalogue:
    """What matching an answer against a question's claims needs, built once per question. (One matcher per
    claim read every answer sentence's concepts once per claim; the phrasings' words were rebuilt per sentence.)"""
    return _Catalogue(ClaimMatcher.build([list(p) for p, _ in claims]),
                      tuple(tuple(sentences(c)) for _, c in claims),
                      tuple(tuple((frozenset(content_stems(x)), bool(_ASIDE.search(x))) for x in p) for p, _ in claims))


def _numbers_side_with(sentence: str, correction: str, phrasings: Sequence[str]) -> bool:
    """The sentence gives a figure of the correction that no phrasing of the claim gives ("2T tokens is about
    14 times Chinchilla-optimal" against "... 2T is about 14x that"): it states the truth with the claim's
    words around it. (0, 1 and 2 are too common to side with anything.)"""
    stated = [q for q in _quantities(sentence) if q[1] not in (0, 1, 2)]
    if not stated:
        return False
    truth = _quantities(correction)
    claimed = set().union(*(_quantities(p) for p in phrasings)) if phrasings else set()
    return any(any(_close(q, t) for t in truth) and not any(_close(q, c) for c in claimed) for q in stated)


def _asserted_misconceptions(answer_sentences: list[str], misconceptions) -> list[dict]:
    """The question's false claims an answer sentence makes: most of a phrasing's words (not negated), or most
    of its concepts with the same polarity (evaluators.claims), and neither hedged nor closer to the
    correction than to the claim."""
    claims = list(misconceptions or [])
    if not claims:
        return []
    parts = _claims_key(claims)
    catalogue = _catalogue(parts)
    relations = catalogue.matcher.relations(answer_sentences)
    # Per sentence: its content words, those before any "instead of" / "rather than" (what follows is put aside,
    # not said: "MLA caches a latent instead of per-head keys and values"), and whether it is negated.
    stems = [frozenset(content_stems(sent)) for sent in answer_sentences]
    said = [frozenset(content_stems(sent[:aside.start()])) if (aside := _ASIDE.search(sent)) else st
            for sent, st in zip(answer_sentences, stems, strict=True)]
    negated = [bool(_NEGATED.search(sent)) for sent in answer_sentences]
    found = []
    for mi, m in enumerate(claims):
        phrasings, correction = list(parts[mi][0]), parts[mi][1]
        for si, (sent, row) in enumerate(zip(answer_sentences, relations, strict=True)):
            # Most of a phrasing's words, unless the phrasing itself says something "instead of" another.
            by_words = not negated[si] and any(
                len(p) >= 3 and len(p & (stems[si] if aside else said[si])) / len(p) >= MISCONCEPTION_STEM_RECALL
                for p, aside in catalogue.words[mi])
            if not (by_words or row[mi] == "asserts"):
                continue
            if is_hedged(sent, phrasings) or closer_to_correction(sent, phrasings, catalogue.truths[mi]) or \
                    _numbers_side_with(sent, correction, phrasings):
                continue
            found.append({"claim": _field(m, "claim", ""), "correction": correction, "evidence": sent})
            break
    return found


DISMISSED_CLAIM = "Says that something a full answer needs is unnecessary."


def _dismissed_key_points(answer_sentences: list[str], key_points: list[str], demoted: set[str],
                          corrections: Sequence[str] = ()) -> list[dict]:
    """Key points the answer calls unnecessary ("there is no need to subtract the weights" against "Subtract
    weights and runtime overhead before dividing"): an unconditional dismissal whose clause holds two or
    more of the key point's own words, in a sentence that touches the key point. A key point that is itself
    negative agrees with a dismissal. (Of the bank's 487 reference answers, matching on the whole sentence
    flagged 11 and on the clause 2, whose key points were negative themselves; this flags none.)"""
    found: list[dict] = []
    agreeing: list[str] | None = None
    for sent in answer_sentences:
        clause = dismissed_clause(sent)
        if clause is None:
            continue
        if agreeing is None:  # only for an answer that dismisses something (most do not)
            # True statements that themselves say something is not needed: a key point ("the MTP modules can
            # be dropped at inference") or a catalogued claim's correction ("bf16 ... no loss scaling is needed").
            agreeing = [p for p in [*key_points, *(c for text in corrections for c in sentences(text))]
                        if agrees_with_a_dismissal(p)]
        # A sentence that states one of them is that statement, not a denial of another key point.
        if agreeing and max(_key_point_statuses(agreeing, [sent], demoted)) > 0:
            continue
        clause_stems = set(content_stems(clause))
        best, best_share = None, 0.0
        for point in key_points:
            if agrees_with_a_dismissal(point):
                continue
            own = {s for s in content_stems(point) if s not in demoted} or set(content_stems(point))
            shared = len(own & clause_stems)
            # The key point the clause says most of is the one it dismisses.
            if shared >= 2 and shared / len(own) > best_share and _key_point_statuses([point], [sent], demoted)[0] > 0:
                best, best_share = point, shared / len(own)
        if best is not None:
            found.append({"claim": DISMISSED_CLAIM, "correction": best, "evidence": sent})
    return found


@lru_cache(maxsize=1024)
def _reference_coverage(question: str, reference: str, key_points: tuple[str, ...]) -> float:
    """The share of the key points the reference answer itself covers, as an answer (at most 1)."""
    statuses = _key_point_statuses(list(key_points), sentences(reference), set(content_stems(question)))
    return min(1.0, sum(statuses) / len(statuses)) if statuses else 1.0


@lru_cache(maxsize=1024)
def _material_stems(material: str) -> frozenset[str]:
    return frozenset(content_stems(material))


def _material_text(reference: str, key_points: Sequence[str], misconceptions, material: Sequence[str]) -> str:
    """All the true text on a question: reference, key points, the corrections of its false claims, follow-ups."""
    return " ".join([reference, *key_points, *(_field(m, "correction", "") for m in misconceptions or []), *material])


def _unsupported_share(answer: str, demoted: set[str], material: str) -> float:
    """The share of the answer's content words (the question's own excepted) that the material never uses.
    (The material's stems are kept per question: rebuilt, they were a set of thousands of words per check.)"""
    said = [s for s in content_stems(answer) if s not in demoted]
    if not said:
        return 0.0
    known = _material_stems(material)
    return sum(s not in known for s in said) / len(said)


@lru_cache(maxsize=1024)
def _reference_side(question: str, reference: str) -> tuple[frozenset[str], Counter, float]:
    """The reference's content words (the question's excepted) as a set, and their n-grams and norm: the
    same for every answer to the question."""
    demoted = set(content_stems(question))
    ref_text = " ".join(s for s in content_stems(reference) if s not in demoted)
    return frozenset(ref_text.split()), char_ngrams(ref_text), char_norm(ref_text)


def analyse_answer(question: str, reference: str, answer: str, key_points: list[str] | None = None,
                   misconceptions=None, material: Sequence[str] | None = None) -> AnswerAnalysis:
    """Score and feedback. `misconceptions`: the question's catalogued false claims (objects or dicts with
    claim, phrasings, correction); asserting one caps the score at WRONG_CAP. `material`: further true text
    on the question (its follow-ups); given, an answer largely outside the question's material is capped at
    WRONG_CAP when it covers fewer key points than the reference, and at PARTLY_CAP otherwise (UNSUPPORTED_SHARE)."""
    check_answer_size(answer)
    key_points = [k for k in (key_points or []) if k.strip()]
    if not answer or not answer.strip():
        return AnswerAnalysis(0.0, missed=list(key_points))
    demoted = set(content_stems(question))
    ans = [s for s in content_stems(answer) if s not in demoted]
    if not ans:
        return AnswerAnalysis(0.0, missed=list(key_points))
    ref_set, ref_grams, ref_norm = _reference_side(question, reference)
    ans_set = set(ans)
    shared = ref_set & ans_set
    recall = len(shared) / len(ref_set) if ref_set else 0.0
    precision = len(shared) / len(ans_set)
    ans_text = " ".join(ans)
    char_sim = cosine(char_ngrams(ans_text), ref_grams, char_norm(ans_text), ref_norm)
    lexical = 0.5 * char_sim + 0.3 * recall + 0.2 * precision

    analysis = AnswerAnalysis(0.0)
    if key_points:
        answer_sentences = sentences(answer)
        statuses = _key_point_statuses(key_points, answer_sentences, demoted)
        for k, s in zip(key_points, statuses, strict=True):
            (analysis.covered if s == 1.0 else analysis.partial if s > 0 else analysis.missed).append(k)
        coverage = sum(statuses) / len(statuses)
        # Relative to what the reference itself covers: some references word their key points differently
        # and cover only half of them by these measures (their answer plus a correct extra paragraph was capped).
        if material is not None and _unsupported_share(
                answer, demoted, _material_text(reference, key_points, misconceptions, material)) >= UNSUPPORTED_SHARE:
            if coverage < _reference_coverage(question, reference, tuple(key_points)):
                analysis.caps.append("most of it is not in the question's material and it covers fewer key points "
                                     "than the reference: the offline check cannot credit statements it cannot check")
            else:
                analysis.limits.append("it covers as many key points as the reference, but much of it is not in "
                                       "the question's material: the offline check cannot vouch for that part, so "
                                       "it suggests at most Partly")
        raw = 0.55 * coverage + 0.45 * min(1.0, lexical / FULL_MARKS_RAW)
        analysis.score = round(min(1.0, max(0.0, raw)), 4)
    else:
        analysis.score = round(min(1.0, lexical / FULL_MARKS_RAW), 4)
    answer_sentences = sentences(answer)
    if not any(is_explanatory(s, min_words=5) for s in answer_sentences):
        analysis.caps.append("no explanatory sentence: a list of terms is not an answer")
    if key_points and _misses_the_result(question, key_points, answer):
        analysis.caps.append("the numbers reach none of the expected results")
    analysis.misconceptions = _asserted_misconceptions(answer_sentences, misconceptions)
    if key_points:
        said = {m["evidence"] for m in analysis.misconceptions}
        corrections = [_field(m, "correction", "") for m in misconceptions or []]
        analysis.misconceptions += [m for m in _dismissed_key_points(answer_sentences, key_points, demoted, corrections)
                                    if m["evidence"] not in said]
    said = {m["evidence"] for m in analysis.misconceptions}
    for sent in answer_sentences:
        wrong_sum = None if sent in said else next(iter(miscalculations(sent)), None)
        if wrong_sum is not None:
            analysis.misconceptions.append({"claim": MISCALCULATION_CLAIM, "correction": wrong_sum.correction,
                                            "evidence": sent})
    if any(m["claim"] not in (DISMISSED_CLAIM, MISCALCULATION_CLAIM) for m in analysis.misconceptions):
        analysis.caps.append("asserts a known false claim")
    if any(m["claim"] == MISCALCULATION_CLAIM for m in analysis.misconceptions):
        analysis.caps.append("a worked calculation is off by 4x or more")
    if any(m["claim"] == DISMISSED_CLAIM for m in analysis.misconceptions):
        analysis.caps.append("calls a key point of the answer unnecessary")
    if analysis.caps:
        analysis.score = min(analysis.score, WRONG_CAP)
    elif analysis.limits:
        analysis.score = min(analysis.score, PARTLY_CAP)
    return analysis


def _question_material(question) -> list[str] | None:
    # Behavioral answers tell the candidate's own story: most of it is rightly outside the reference.
    return None if question.type == "behavioral" else [
        text for f in getattr(question, "follow_ups", ()) for text in (f.question, f.answer)]


def prepare_question(question) -> None:
    """Build, ahead of the first check, what checking an answer to this bank question needs: the matcher of
    its false claims, what its reference covers, its material's words and its key points' n-grams. Pages
    call it when they show a question, while the candidate reads and types, so the first check costs what
    later ones do (building these took most of a first check: 5-11 ms against 1-3 ms). Each part is cached
    per question; a second call costs microseconds."""
    key_points = [k for k in question.key_points if k.strip()]
    demoted = set(content_stems(question.prompt))
    claims = list(question.misconceptions or [])
    _reference_side(question.prompt, question.answer)
    if claims:
        for sentence in (s for correction in _catalogue(_claims_key(claims)).truths for s in correction):
            concepts(sentence)  # closer_to_correction weighs every answer sentence against them
    _key_point_statuses(key_points, [], demoted)
    if key_points:
        _reference_coverage(question.prompt, question.answer, tuple(key_points))
    material = _question_material(question)
    if material is not None:
        _material_stems(_material_text(question.answer, key_points, claims, material))


def analyse_question_answer(question, answer: str) -> AnswerAnalysis:
    """A typed answer to one of the bank's questions (anything with prompt, answer, key_points and
    misconceptions), scored with all the question has: every page and round that scores a bank answer comes
    through here, so a catalogued false claim caps it everywhere. (Drills, the mock interview's rounds and
    the LLM panel's offline baseline passed no misconceptions, so a false claim capped on the Question bank
    page earned full credit there.)"""
    return analyse_answer(question.prompt, question.answer, answer, list(question.key_points),
                          question.misconceptions, _question_material(question))


def score_answer(question: str, reference: str, answer: str, key_points: list[str] | None = None) -> float:
    """Offline score in [0, 1] of a short free-form answer against a reference answer."""
    return analyse_answer(question, reference, answer, key_points).score
