"""Text pieces shared by the offline scorers: sentences, content-word stems, character n-grams."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from itertools import chain
from operator import mul

import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[a-z0-9]+(?:[.+#][a-z0-9]+)*")
# scikit-learn's list also drops words that carry meaning in technical answers ("first", "last",
# "top", "empty", "full", "call", ...); those are kept.
_MEANINGFUL = {"first", "last", "top", "bottom", "back", "front", "full", "empty", "call", "fill", "find", "move",
               "next", "put", "take", "give", "one", "two", "three", "four", "five", "ten", "twenty", "hundred",
               "many", "few", "less", "more", "most", "least", "whole", "part", "side", "system", "amount",
               "without", "cannot", "not", "no", "never", "none", "nothing", "found", "show", "keep", "interest",
               "bill", "fire", "detail", "describe", "mill", "con", "de", "cry", "thick", "thin", "sincere"}
STOP_WORDS = (frozenset(ENGLISH_STOP_WORDS) - _MEANINGFUL) | {"use", "using", "used", "would", "also", "like",
                                                               "just", "really", "basically"}
# Words that carry grammar, not content (articles, pronouns, auxiliaries, prepositions, conjunctions):
# a statement without them is a keyword list, not an explanation.
FUNCTION_WORDS = frozenset([
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "we", "our", "us", "i", "you", "your",
    "they", "their", "them", "he", "she", "his", "her", "who", "which", "what", "is", "are", "was", "were", "be",
    "been", "being", "am", "do", "does", "did", "done", "has", "have", "had", "having", "will", "would", "can",
    "could", "should", "shall", "may", "might", "must", "to", "of", "in", "on", "at", "by", "for", "with", "from",
    "into", "onto", "over", "under", "about", "as", "than", "then", "so", "because", "since", "while", "when",
    "where", "if", "unless", "until", "and", "or", "but", "nor", "not", "no", "yet", "also", "each", "every",
    "any", "some", "all", "both", "either", "neither", "per", "via", "between", "within", "without", "through",
    "after", "before", "during", "against", "among", "upon", "there", "here", "how", "why", "whether",
])


# British spellings stem apart from American ones ("normalise" -> normalis, "normalize" -> normal; "centring" ->
# centr, "centering" -> center), so an answer in one spelling missed a key point in the other. Words are
# brought to the American spelling before stemming.
_BRITISH = {"centre": "center", "centres": "centers", "centred": "centered", "centring": "centering",
            "fibre": "fiber", "fibres": "fibers", "litre": "liter", "litres": "liters", "metre": "meter",
            "metres": "meters", "catalogue": "catalog", "catalogues": "catalogs", "analogue": "analog",
            "dialogue": "dialog", "programme": "program", "programmes": "programs", "judgement": "judgment",
            "judgements": "judgments", "defence": "defense", "licence": "license", "offence": "offense",
            "artefact": "artifact", "artefacts": "artifacts", "grey": "gray", "practise": "practice",
            "practised": "practiced", "practises": "practices", "practising": "practicing"}
_OUR = re.compile(r"^(behavi|neighb|fav|col|lab|flav|endeav|hon|hum|rum|harb|vap|sav|arm|rig|vig|tum|od)our")
# -ise/-isation -> -ize/-ization, except words whose -ise is not that suffix ("precise", "supervised", "noise",
# "pairwise", "promise"); roots of two letters or fewer ("rise", "raise", "arise") never change.
_ISE = re.compile(r"^([a-z]{3,}?)is(e|es|ed|ing|er|ers|ation|ations|able)$")
_YSE = re.compile(r"^([a-z]+)ys(e|ed|ing|er|ers)$")
_NOT_ISE_END = ("w", "superv", "surpr", "compr", "enterpr", "prec", "conc", "exerc", "expert", "prom", "prem",
                "adv", "rev", "dev", "telev", "improv", "disgu", "desp", "chast", "inc", "exc", "merchand", "parad",
                "treat", "dem", "circumc", "advert", "ra", "no", "po", "franch", "cru", "bru", "torto", "turquo",
                "val", "repr")
_NOT_ISE = frozenset({"sunr", "upr", "moonr", "cer"})


def american(word: str) -> str:
    """The American spelling of a lower-case word, where British and American spellings differ."""
    if word in _BRITISH:
        return _BRITISH[word]
    if "our" in word:
        word = _OUR.sub(lambda m: m.group(1) + "or", word)
    m = _ISE.match(word)
    if m and m.group(1) not in _NOT_ISE and not m.group(1).endswith(_NOT_ISE_END):
        return m.group(1) + "iz" + m.group(2)
    m = _YSE.match(word)
    if m:
        return m.group(1) + "yz" + m.group(2)
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(american(word))


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@lru_cache(maxsize=8192)
def _content_stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit()))


def content_stems(text: str) -> list[str]:
    # Cached: references and key points are scored against again and again.
    return list(_content_stems(text))


_BLOCK_START = re.compile(r"^\s*([-*•+]\s|\d+[.)]\s|#|\||>)")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9(\"'`*])")


def sentences(text: str) -> list[str]:
    """Statements of an answer: sentences within paragraphs and list items, stripped of Markdown markers.

    Hard-wrapped lines are joined back into their paragraph; a blank line, a bullet, a numbered item,
    a heading or a table row starts a new block."""
    blocks: list[str] = []
    current: list[str] = []
    for line in (text or "").splitlines():
        if not line.strip() or _BLOCK_START.match(line):
            if current:
                blocks.append(" ".join(current))
            current = [line.strip()] if line.strip() else []
            if line.lstrip().startswith("#"):  # a heading is a block of its own
                blocks.append(current.pop())
        else:
            current.append(line.strip())
    if current:
        blocks.append(" ".join(current))
    out = []
    for block in blocks:
        for part in _SENTENCE_END.split(block):
            part = re.sub(r"^[#>*\-•+|\d.)\s]+", "", part.strip()).strip(" |")
            if part:
                out.append(part)
    return out


def is_explanatory(sentence: str, min_words: int = 5) -> bool:
    """A real statement has some length and some grammar; 'KV cache, batching, sharding' has neither."""
    ws = words(sentence)
    if len(ws) < min_words:
        return False
    # Hyphenated compounds ("anyone-with-the-link") are one term, not grammar.
    function = sum(t.strip(".,;:!?()\"'`*").lower() in FUNCTION_WORDS for t in sentence.split())
    return function >= 2 and function / len(ws) >= 0.12


@lru_cache(maxsize=8192)
def char_ngrams(text: str, n_min: int = 3, n_max: int = 5) -> Counter:
    """Character n-grams within words (padded with spaces), over stemmed content words.
    Cached; callers must not modify the returned Counter."""
    # Each word's n-grams are cached and counted in Counter's C loop: a += per n-gram was most of the
    # short-answer scorer's time.
    return Counter(chain.from_iterable(_word_ngrams(w, n_min, n_max) for w in _content_stems(text)))


@lru_cache(maxsize=65536)
def _word_ngrams(word: str, n_min: int, n_max: int) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(padded[i : i + n] for n in range(n_min, n_max + 1) for i in range(len(padded) - n + 1))


def norm(c: Counter) -> float:
    return math.sqrt(sum(map(mul, c.values(), c.values())))  # integer counts: the sum is exact


@lru_cache(maxsize=8192)
def char_norm(text: str) -> float:
    """norm(char_ngrams(text)), cached with it (a reference answer's norm was recomputed for every answer)."""
    return norm(char_ngrams(text))


def cosine(a: Counter, b: Counter, norm_a: float | None = None, norm_b: float | None = None) -> float:
    """Cosine of two count vectors. Callers comparing one vector with many pass its norm (`norm`) once: the
    norms were most of the short-answer scorer's time. Counts are integers, so the dot product over the
    shared keys (a set intersection, in C) is exact in any order."""
    if not a or not b:
        return 0.0
    shared = a.keys() & b.keys()
    dot = sum(map(mul, map(a.__getitem__, shared), map(b.__getitem__, shared)))
    if dot == 0:
        return 0.0
    return dot / ((norm(a) if norm_a is None else norm_a) * (norm(b) if norm_b is None else norm_b))


def normalise(text: str) -> str:
    """Lowercase words separated by single spaces: 're-ranking' and 'Re ranking' compare equal."""
    return " ".join(_WORD.findall(text.lower().replace("-", " ")))
