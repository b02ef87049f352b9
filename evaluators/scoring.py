"""Offline scoring of a short free-form answer against a reference answer (and its key points).

    score_answer(question, reference, answer, key_points=None) -> float in [0, 1]

Deterministic, no network. Three signals, all computed after *question demoting* (words of the
question earn nothing: restating the question is not answering it):
- coverage of the reference's content words (stemmed) by the answer, and the answer's precision;
- character n-gram similarity over stemmed content words, so 'batched'/'batching' or 'KV-cache'/'kv cache' match;
- when key points are given, the share of key points some explanatory sentence of the answer covers.
Keyword lists without grammar get no key-point credit, and length alone earns nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evaluators.text import char_ngrams, content_stems, cosine, is_explanatory, sentences

# A key point counts as covered when one sentence shares this much of its content or its character shape.
KEY_POINT_STEM_RECALL = 0.6
KEY_POINT_CHAR_SIM = 0.42
PARTIAL_FACTOR = 0.5
# Raw similarities of a complete, correct answer sit around these values; scores are scaled to them.
FULL_MARKS_RAW = 0.62


@dataclass
class AnswerAnalysis:
    score: float
    covered: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def suggested_rating(self) -> str:
        """The self-rating this score suggests on the Question bank page (knew / partly / not)."""
        if self.score >= 0.65:
            return "knew"
        return "partly" if self.score >= 0.35 else "not"


BUZZWORD_HITS = 3  # one sentence "covering" this many key points is a list of terms, not an answer


def _sentence_status(point_stems: set, point_grams, sent_stems: set, sent_grams) -> float:
    recall = len(point_stems & sent_stems) / len(point_stems) if point_stems else 0.0
    sim = cosine(point_grams, sent_grams)
    if recall >= KEY_POINT_STEM_RECALL or sim >= KEY_POINT_CHAR_SIM:
        return 1.0
    if recall >= KEY_POINT_STEM_RECALL / 2 or sim >= KEY_POINT_CHAR_SIM * 0.7:
        return PARTIAL_FACTOR
    return 0.0


def _key_point_statuses(points: list[str], answer_sentences: list[str], demoted: set[str]) -> list[float]:
    """Per key point: 1.0 covered, PARTIAL_FACTOR partial, 0.0 missed, by the best explanatory sentence."""
    prepared = []
    for point in points:
        stems = {s for s in content_stems(point) if s not in demoted} or set(content_stems(point))
        prepared.append((stems, char_ngrams(point)))
    best = [0.0] * len(points)
    for sent in answer_sentences:
        if not is_explanatory(sent, min_words=5):
            continue
        sent_stems, sent_grams = set(content_stems(sent)), char_ngrams(sent)
        row = [_sentence_status(st, gr, sent_stems, sent_grams) for st, gr in prepared]
        if sum(v == 1.0 for v in row) >= BUZZWORD_HITS:
            continue
        best = [max(b, v) for b, v in zip(best, row)]
    return best


def analyse_answer(question: str, reference: str, answer: str, key_points: list[str] | None = None) -> AnswerAnalysis:
    key_points = [k for k in (key_points or []) if k.strip()]
    if not answer or not answer.strip():
        return AnswerAnalysis(0.0, missed=list(key_points))
    demoted = set(content_stems(question))
    ref = [s for s in content_stems(reference) if s not in demoted]
    ans = [s for s in content_stems(answer) if s not in demoted]
    if not ans:
        return AnswerAnalysis(0.0, missed=list(key_points))
    ref_set, ans_set = set(ref), set(ans)
    shared = ref_set & ans_set
    recall = len(shared) / len(ref_set) if ref_set else 0.0
    precision = len(shared) / len(ans_set)
    char_sim = cosine(char_ngrams(" ".join(ans)), char_ngrams(" ".join(ref)))
    lexical = 0.5 * char_sim + 0.3 * recall + 0.2 * precision

    analysis = AnswerAnalysis(0.0)
    if key_points:
        answer_sentences = sentences(answer)
        statuses = _key_point_statuses(key_points, answer_sentences, demoted)
        for k, s in zip(key_points, statuses):
            (analysis.covered if s == 1.0 else analysis.partial if s > 0 else analysis.missed).append(k)
        coverage = sum(statuses) / len(statuses)
        raw = 0.55 * coverage + 0.45 * min(1.0, lexical / FULL_MARKS_RAW)
        analysis.score = round(min(1.0, max(0.0, raw)), 4)
    else:
        analysis.score = round(min(1.0, lexical / FULL_MARKS_RAW), 4)
    return analysis


def score_answer(question: str, reference: str, answer: str, key_points: list[str] | None = None) -> float:
    """Offline score in [0, 1] of a short free-form answer against a reference answer."""
    return analyse_answer(question, reference, answer, key_points).score
