"""Is a sentence English or a word salad? The share of its adjacent word pairs that real text uses.

Random words drawn from a case's own vocabulary (a "word salad") contain the right terms but in no order:
about a quarter of their adjacent pairs occur anywhere in the project's ~300k words of written content,
against about 0.7 for sentences people write (measured on the graded dev sets). Numbers collapse to one
token, and pairs with a word the corpus has never seen are left out (new terms are not evidence either way).
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

from evaluators.text import words

ROOT = Path(__file__).resolve().parents[1]
CORPUS_GLOBS = ("question_bank/questions/**/*.yaml", "design_cases/cases/*.yaml", "coding_katas/katas/*/prompt.md",
                "README.md")
_NUMBER = re.compile(r"^\d[\d.]*$")


def _tokens(text: str) -> list[str]:
    return ["<n>" if _NUMBER.match(w) else w for w in words(text)]


_CATALOGUE = re.compile(r"^(\s*)misconceptions:\s*$")


def _without_catalogues(text: str) -> str:
    """The text minus its misconception catalogues. They are thousands of short sentences recombining each
    case's own terms, so they would teach the model the very word pairs a salad of those terms produces
    (with them, a salad's mean pair rate rose from ~0.26 to ~0.42, past the written-text bar)."""
    out, skip = [], None
    for line in text.splitlines():
        if skip is not None:
            if not line.strip() or len(line) - len(line.lstrip()) > skip:
                continue
            skip = None
        match = _CATALOGUE.match(line)
        if match:
            skip = len(match.group(1))
            continue
        out.append(line)
    return "\n".join(out)


@lru_cache(maxsize=1)
def _model() -> tuple[frozenset, frozenset]:
    vocab: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for pattern in CORPUS_GLOBS:
        for path in ROOT.glob(pattern):
            try:
                tokens = _tokens(_without_catalogues(path.read_text(encoding="utf-8", errors="replace")))
            except OSError:
                continue
            vocab.update(tokens)
            pairs.update(zip(tokens, tokens[1:], strict=False))
    return frozenset(vocab), frozenset(pairs)


def _pair_rate(tokens: list[str]) -> float | None:
    vocab, pairs = _model()
    known = [(a, b) for a, b in zip(tokens, tokens[1:], strict=False) if a in vocab and b in vocab]
    if len(known) < 4:
        return None
    return sum(p in pairs for p in known) / len(known)


def pair_rate(sentence: str) -> float | None:
    """Share of known adjacent word pairs that occur in the corpus; None with fewer than 4 such pairs."""
    return _pair_rate(_tokens(sentence))


SALAD_RATE = 0.38  # below this a sentence reads as random words (salad ~0.26 mean; written text ~0.7)


def is_salad(sentence: str) -> bool:
    rate = pair_rate(sentence)
    return rate is not None and rate < SALAD_RATE


# A sentence's own word order against shuffles of its words: people's sentences use far more known pairs than
# their words in random order (median gain 0.35; 5% under 0.16), a salad about as many (median 0.03), however
# bigram-friendly its vocabulary is. (Pair rate alone let a 95-word run of common reference words through at
# 0.43: 10 of 384 salads of reference-design words scored 22-49.)
SALAD_MIN_GAIN = 0.1
# Below this many words the shuffles vary too much for one sentence to be judged by its order alone.
SALAD_ORDER_MIN_WORDS = 40
_SHUFFLES = 8


def _gain(tokens: list[str], own: float, seed: str) -> float | None:
    rng, shuffled = random.Random(seed), []
    for _ in range(_SHUFFLES):
        order = tokens[:]
        rng.shuffle(order)
        if (r := _pair_rate(order)) is not None:
            shuffled.append(r)
    # Shuffled, the out-of-vocabulary words can leave fewer than 4 known pairs in every order.
    return own - sum(shuffled) / len(shuffled) if shuffled else None


def order_gain(sentence: str) -> float | None:
    """pair_rate of the sentence minus the mean over _SHUFFLES shuffles of its words (seeded by the sentence:
    deterministic); None when it has too few known pairs."""
    tokens = _tokens(sentence)
    own = _pair_rate(tokens)
    return None if own is None else _gain(tokens, own, sentence)


def orderless(sentence: str) -> bool:
    """Its words are in no better order than shuffled: a salad, whatever its pair rate."""
    gain = order_gain(sentence)
    return gain is not None and gain < SALAD_MIN_GAIN


# Lines as the reader sees them: a salad written one phrase per line is joined into paragraphs wherever its
# words carry a period ("0.23", "engagement."), and read as a few long "sentences". Its lines, one by one, are
# judged as well, by word order alone (a line of unfamiliar words has a low pair rate, not a low gain). Code
# (fenced or indented) and table rows are not prose and are left out.
SALAD_LINE_MIN_WORDS, SALAD_MIN_LINES = 6, 10
# A line with this pair rate is read as written without shuffling it: 4 of 1,740 such lines of the graded
# answers gain under SALAD_MIN_GAIN (21 of 1,230 salad lines lose their flag), and it halves the work.
_FLUENT_RATE = 0.7
_FENCE = re.compile(r"^\s*(```|~~~)\s*\w*\s*$")


def _prose_lines(text: str) -> list[str]:
    out, in_code = [], False
    for line in (text or "").splitlines():
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code or line.startswith(("    ", "\t")) or line.lstrip().startswith("|"):
            continue
        if len(line.split()) >= SALAD_LINE_MIN_WORDS:
            out.append(line)
    return out


def _line_is_salad(line: str) -> bool | None:
    """True or False for a judged line, None for one without enough known pairs."""
    tokens = _tokens(line)
    rate = _pair_rate(tokens)
    if rate is None:
        return None
    if rate >= _FLUENT_RATE:
        return False
    gain = _gain(tokens, rate, line)
    return None if gain is None else gain < SALAD_MIN_GAIN


def salad_line_share(text: str) -> float:
    """The share of an answer's prose lines (SALAD_LINE_MIN_WORDS words or more) that read as random words
    by their order; 0 for an answer with fewer than SALAD_MIN_LINES such lines."""
    judged = [v for v in map(_line_is_salad, _prose_lines(text)) if v is not None]
    return sum(judged) / len(judged) if len(judged) >= SALAD_MIN_LINES else 0.0


def mostly_salad_lines(text: str, share: float) -> bool:
    """salad_line_share(text) >= share, stopping as soon as the rest of the lines cannot decide it (a
    written answer is settled after about half of its lines)."""
    lines = _prose_lines(text)
    low = judged = 0
    for i, line in enumerate(lines):
        rest = len(lines) - i
        # Decided already: too few lines left to judge SALAD_MIN_LINES, or to reach the share if all of them
        # were salad (the share can only rise that far).
        if judged + rest < SALAD_MIN_LINES or low + rest < share * (judged + rest):
            return False
        if judged >= SALAD_MIN_LINES and low >= share * (judged + rest):  # reached whatever the rest are
            return True
        verdict = _line_is_salad(line)
        if verdict is not None:
            judged += 1
            low += verdict
    return judged >= SALAD_MIN_LINES and low >= share * judged
