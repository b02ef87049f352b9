"""Does a sentence assert a catalogued false claim (a misconception)?

Candidates rarely repeat a catalogue's wording: "bigger batches make every request come back sooner" says
what "a bigger decode batch lowers each request's latency" says with one shared content word. Matching
therefore works on concepts, not stems: a short list of synonym classes (the words interviews use for
"more", "less", "faster", "the same", "not needed", "replica", ...) maps words onto one concept each, and a
sentence asserts a phrasing when it holds most of the phrasing's concepts with the same polarity.

Polarity is explicit: "we don't need a KL penalty" is a dismissal (concept `needless`), not a negated
sentence, so a claim that something is unnecessary is matched instead of being skipped as negated; any
other negation flips the sentence, and a sentence only asserts a phrasing of the same polarity (asserting
the opposite polarity is a denial, which the design scorer uses to spot self-contradiction). Where the
phrasing moves a quantity one way (lower latency) and the sentence only the other way (higher latency),
they disagree whatever else they share.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from evaluators.text import STOP_WORDS, stem

# Quoted text is discussed, not said ("a RAG design may quote an attack"; "the myth that 'X'"). A single
# quote opens and closes only outside a word: the apostrophes of "don't ... everyone's" quote nothing.
QUOTED = re.compile(r"\"[^\"]*(\"|$)|“[^”]*(”|$)|`[^`]*(`|$)|(?<![\w'])'[^']{12,}'(?!\w)")
# "false" reports a claim as wrong, except in "false positive", "false flag" and the like, which are terms.
FALSE_AS_REPORT = r"false(?![ -](positive|negative|alarm|discover|flag))"
# Framing that reports a claim instead of making it ("a common mistake is to think ...").
_REPORTED = re.compile(r"\b(mistake|pitfall|myth|misconception|wrongly|naive|naively|tempting|some (people|teams|"
                       r"candidates)|people (think|assume|often)|it is a trap|anti-pattern|red flag|"
                       rf"{FALSE_AS_REPORT})\b", re.I)
# Saying that something is not needed ("we do not need a KL penalty", "reruns are unnecessary").
DISMISSAL = re.compile(
    r"\b(?:there is |there's )?no (?:real )?need (?:for|to)\b|\b(?:do|does|did|will|would)(?: not|n't) (?:even )?"
    r"(?:need|require)\b|\bneed(?: not|n't)\b|\b(?:is|are|be|was|were)(?: not|n't) (?:really |strictly )?"
    r"(?:needed|necessary|required|essential|worth it)\b|\bnot (?:needed|necessary|required)\b|\bunnecessary\b|"
    r"\bneedless\b|\bredundant\b|\boverkill\b|\bsuperfluous\b|"
    # "we can drop the re-ranker", not "throughput can drop (by 30%)".
    r"\bcan (?:safely )?(?:skip|drop)\b(?!\s*(?:by|to|from|below|under|sharply|significantly|off|out)\b|"
    r"\s*[.,;:)]|\s*$)|"
    # "can be short or skipped"; "can be dropped first" orders what to shed under load, it dismisses nothing.
    r"\bcan be (?:[\w-]+ or )?(?:safely )?(?:skipped|dropped|ignored|omitted)\b"
    r"(?!\s+(?:first|last|early|earlier|later)\b)|"
    r"\bno longer (?:needed|necessary|matters?)\b|"
    r"\bno (?:[\w-]+ ){1,3}(?:is|are) (?:needed|necessary|required)\b|\bneeds? no\b|"
    # "position never needs to be modelled", "so we skip it".
    r"\bnever needs?\b|\b(?:we|you) (?:can )?(?:safely )?(?:skip|omit) (?:it|this|that|them)\b|"
    # "queue wait can be left out of the budget" ("optional" is not one: "an ID table is optional for
    # memorisation" offers something extra).
    r"\bcan (?:safely )?be left (?:out|off)\b", re.I)
# The stems of DISMISSAL's own words ("... is unnecessary", "can be skipped"): the rest of a dismissing clause
# names what is dismissed.
DISMISSAL_WORDS = frozenset(map(stem, [
    "need", "needs", "needed", "require", "required", "necessary", "essential", "worth", "unnecessary", "needless",
    "redundant", "overkill", "superfluous", "skip", "skipped", "drop", "dropped", "omit", "omitted", "ignored",
    "longer", "matter", "matters", "safely", "strictly", "left"]))
# A condition on a dismissal ("no need to re-rank when the list is short") states when it is safe to skip
# something, which is judgement rather than a blanket claim.
_CONDITION = re.compile(r"\b(if|unless|when|whenever|as long as|provided|only for|except|until)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–—]\s")
_CONTRAST = re.compile(r"[,;]\s*not\b", re.I)
_NEGATIVE = re.compile(r"\b(not|no|never|without|avoid|avoids|instead of|rather than)\b|n't\b", re.I)


def is_reported(sentence: str) -> bool:
    """The sentence reports or quotes a claim rather than making it."""
    return bool(_REPORTED.search(sentence) or QUOTED.search(sentence))


def dismissed_clause(sentence: str) -> str | None:
    """The clause in which the sentence says, without a condition, that something is not needed ("its
    judgments do not need calibration against humans", "reruns are unnecessary"); None when it says no
    such thing, or only reports it ("a common mistake is to think ..."), or names when it holds."""
    m = DISMISSAL.search(sentence)
    if m is None or is_reported(sentence):
        return None
    # The condition may come first ("if the list is short, re-ranking is unnecessary") or in the same clause.
    after = _CLAUSE_BREAK.search(sentence, m.end())
    end = after.start() if after else len(sentence)
    if _CONDITION.search(sentence[:end]):
        return None
    starts = [b.end() for b in _CLAUSE_BREAK.finditer(sentence, 0, m.start())]
    return sentence[starts[-1] if starts else 0:end]


def dismisses(sentence: str) -> bool:
    return dismissed_clause(sentence) is not None


def agrees_with_a_dismissal(text: str) -> bool:
    """A statement that is itself negative, or itself says something is not needed: a sentence dismissing
    what it talks about agrees with it rather than denying it."""
    return is_negative_statement(text) or DISMISSAL.search(text) is not None


def is_negative_statement(text: str) -> bool:
    """Its main verb is negated ("Input drift does not imply a loss of accuracy", "Do not require one exact
    path"): a sentence that dismisses its subject agrees with it. A negation further on qualifies a positive
    statement ("Keeps hot spares so a failed job restarts without waiting", "..., not by default")."""
    # "Fairness by tokens served, not request counts" contrasts two things and asserts the first.
    return bool(_NEGATIVE.search(_CONTRAST.sub(" ", " ".join(text.split()[:5]))))


# Multi-word expressions first, each onto one concept word (kept out of STOP_WORDS by its spelling).
_PHRASES: list[tuple[re.Pattern, str]] = [(DISMISSAL, "xneedless")] + [(re.compile(p, re.I), c) for p, c in (
    (r"\b(?:dot|inner|scalar)[ -]products?\b|\bmips\b", "xdotprod"),
    (r"\bcos(?:ine)?[ -]?(?:sim(?:ilarity)?)?\b", "xcosine"),
    (r"\b(?:costs?|cost us|adds?) (?:nothing|no (?:extra )?(?:cost|overhead|latency))\b|\b(?:at )?no (?:extra )?"
     r"(?:cost|overhead)\b|\bfor free\b|\bcostless\b|\bzero[ -](?:cost|overhead)\b|\bnegligible\b", "xfree"),
    (r"\bscal(?:e|es|ing|ed) (?:it )?out\b|\bhorizontal(?:ly)? scal\w*\b|\bmore (?:copies|instances|servers|nodes)\b",
     "xreplica"),
    (r"\b(?:goes|go|went) away\b|\bdisappears?\b|\btakes? care of\b|\bgets? rid of\b", "xfix"),
    (r"\bground[ -]truth\b", "xlabel"),
    (r"\bresponse times?\b|\btail latency\b|\bp9[59]\b|\bp99\.9\b|\bcome back sooner\b|\bturnaround\b", "xlatency"),
    (r"\bevery time\b|\bin all cases\b|\bwithout exception\b|\bby definition\b", "xalways"),
    (r"\b(?:the )?same (?:thing|way|as)\b|\bno different\b|\binterchangeabl[ey]\b|\bequivalent(?:ly)?\b|"
     r"\bidentical(?:ly)?\b|\bindistinguishable\b", "xsame"),
)]

# Single words onto concepts (matched on the word as written; the stem is used otherwise).
_CLASSES: dict[str, tuple[str, ...]] = {
    "xup": ("bigger", "larger", "greater", "higher", "increase", "increases", "increased", "increasing", "grow",
            "grows", "growing", "raise", "raises", "raising", "rise", "rises", "more", "boost", "boosts", "longer",
            "larger", "maximise", "maximize", "maximising", "maximizing", "up"),
    "xdown": ("smaller", "lower", "lowers", "lowering", "fewer", "less", "reduce", "reduces", "reducing", "reduced",
              "decrease", "decreases", "decreasing", "shrink", "shrinks", "cut", "cuts", "drop", "drops", "shorter",
              "minimise", "minimize", "minimises", "minimizes", "down", "cheaper", "saves", "save"),
    "xfast": ("faster", "quicker", "sooner", "speed", "speeds", "speedup", "quick", "quickly", "fast", "instantly",
              "instant", "immediately"),
    "xslow": ("slower", "slowdown", "slows", "slow", "delay", "delays", "lag"),
    "xlatency": ("latency", "latencies"),
    "xsame": ("same", "equal", "equals", "identical"),
    "xalways": ("always", "guarantee", "guarantees", "guaranteed", "guaranteeing", "invariably", "certainly",
                "never-fails", "automatically"),
    "xall": ("all", "every", "everything", "any", "entire", "whole", "each"),
    "xreplica": ("replica", "replicas", "replicate", "replicated", "replication", "copies", "instances"),
    "xfix": ("fix", "fixes", "fixed", "fixing", "solve", "solves", "solved", "eliminate", "eliminates", "eliminated",
             "removes", "resolve", "resolves", "cure", "cures", "prevents", "avoids"),
    "xembedding": ("embedding", "embeddings", "vector", "vectors", "representation", "representations"),
    "xlabel": ("label", "labels", "labelled", "labeled"),
    "xunbiased": ("unbiased", "representative", "bias-free", "neutral", "fair"),
    "xfree": ("free", "costless", "negligible"),
    "xenough": ("enough", "sufficient", "suffices", "suffice", "adequate", "adequately"),
    "xexact": ("exact", "exactly", "precise", "precisely", "perfect", "perfectly", "100%", "lossless"),
    "xrequest": ("request", "requests", "query", "queries", "call", "calls"),
    "xuser": ("user", "users", "viewer", "viewers", "customer", "customers", "member", "members", "people"),
    "xgpu": ("gpu", "gpus", "accelerator", "accelerators", "device", "devices", "h100", "h100s", "a100", "a100s"),
    "xmemory": ("memory", "ram", "vram", "hbm"),
    "xtrain": ("train", "trains", "training", "trained", "retrain", "retraining", "fine-tune", "fine-tuning",
               "finetune", "finetuning", "learn", "learns", "fit", "fits"),
    "xevaluate": ("evaluate", "evaluates", "evaluating", "evaluation", "eval", "evals", "measure", "measures",
                  "measuring", "benchmark", "benchmarks", "validate", "validation"),
    "xmodel": ("model", "models", "network", "networks", "classifier", "classifiers", "ranker", "rankers"),
    "xdata": ("data", "dataset", "datasets", "examples", "samples", "records"),
    "xdocument": ("document", "documents", "doc", "docs", "passage", "passages", "chunk", "chunks", "page", "pages"),
    "xshard": ("shard", "shards", "sharding", "sharded", "partition", "partitions", "partitioning", "partitioned"),
    "xcache": ("cache", "caches", "caching", "cached"),
    "xaccuracy": ("accuracy", "accurate", "correct", "correctness", "quality"),
    "xhot": ("hot", "hotspot", "hotspots", "skewed", "heavy-hitter", "heavy-hitters"),
    "xbetter": ("better", "best", "improve", "improves", "improved", "improvement", "superior", "win", "wins",
                "gain", "gains"),
    "xworse": ("worse", "worst", "hurt", "hurts", "harm", "harms", "degrade", "degrades", "penalise", "penalize",
               "penalises", "penalizes"),
    "xneedless": ("unneeded", "optional", "pointless", "waste", "wasteful"),
    "xneed": ("need", "needs", "needed", "require", "requires", "required", "necessary", "essential", "must"),
}
_WORD_CONCEPT = {w: c for c, ws in _CLASSES.items() for w in ws}
_NEGATORS = frozenset({"not", "no", "never", "none", "nothing", "without", "cannot", "neither", "nor", "don't",
                       "doesn't", "isn't", "aren't", "won't", "shouldn't", "can't", "didn't", "wasn't"})
# Words that negate the claim when they precede it but carry no topic ("avoid X" says X is wrong).
_NEGATING_VERBS = re.compile(r"\b(avoid|avoids|avoiding|instead of|rather than|mistake|pitfall|myth|wrongly|"
                             r"misconception|bad idea)\b", re.I)
_DIRECTIONS = {"xup": "xdown", "xdown": "xup", "xfast": "xslow", "xslow": "xfast", "xbetter": "xworse",
               "xworse": "xbetter", "xneedless": "xneed", "xneed": "xneedless"}
# The concepts that make a statement a verdict (more, less, the same, always, not needed, fixes, free...):
# a phrasing with one of them is only asserted by a sentence with one of them too, whatever else both share.
_VERDICTS = frozenset({"xup", "xdown", "xfast", "xslow", "xsame", "xalways", "xfix", "xfree", "xenough", "xexact",
                       "xunbiased", "xneedless", "xbetter", "xworse"})
_IMPLIES = {"xfast": ("xlatency", "xdown"), "xslow": ("xlatency", "xup")}
_APOSTROPHE = re.compile(r"[’`]")


@dataclass(frozen=True)
class Concepts:
    items: frozenset[str]
    negated: bool


@lru_cache(maxsize=16384)
def concepts(text: str) -> Concepts:
    """The concept set of a sentence and whether it is negated (dismissals are a concept, not a negation)."""
    t = _APOSTROPHE.sub("'", text.lower())
    for pattern, phrase_concept in _PHRASES:
        t = pattern.sub(f" {phrase_concept} ", t)
    negated = bool(_NEGATING_VERBS.search(t))
    # Hyphenated compounds are their words ("hot-key" is "hot key").
    raw = re.findall(r"[a-z0-9%]+(?:['+#.][a-z0-9]+)*", t)
    items = set()
    for w in raw:
        if w in _NEGATORS or w.endswith("n't"):
            negated = not negated if w not in ("without",) else True
            continue
        concept: str | None = _WORD_CONCEPT.get(w)
        if concept is None and w in _CLASSES:  # a concept word the phrase table put in
            concept = w
        if concept is not None:
            items.add(concept)
            # "faster" is lower latency, "slower" higher: the same claim in other words.
            items.update(_IMPLIES.get(concept, ()))
            continue
        if w in STOP_WORDS or (len(w) < 2 and not w.isdigit()):
            continue
        items.add(stem(w))
    # One normal form for "not needed": "no popularity adjustment required" says what "the adjustment is
    # unnecessary" and "it needs no adjustment" say (a negated need is a dismissal, not a negated sentence).
    if negated and "xneed" in items:
        items.discard("xneed")
        items.add("xneedless")
        negated = False
    return Concepts(frozenset(items), negated)


# A sentence asserts a phrasing when it holds this share of the phrasing's concepts, weighted by how
# informative each is (and at least MIN_SHARED of them): a paraphrase keeps the concepts and changes the words.
RECALL, MIN_SHARED = 0.7, 3
# A sentence with many more concepts than the phrasing says much else besides (long design sentences touch
# several claims' words without making any of them).
LENGTH_RATIO = 2.0
# A hypothetical ("if every replica read the checkpoint, that would be 270 TB") argues against the claim.
_HYPOTHETICAL = re.compile(r"\b(if|would|were to|otherwise|suppose|imagine|naively)\b", re.I)
# A qualified statement ("X, but only for Y") weighs the claim instead of making it.
_QUALIFIED = re.compile(r"\b(but|however|although|though|except|unless|whereas|only if|only when|at the cost of)\b",
                        re.I)


@lru_cache(maxsize=16384)
def hedges(text: str) -> frozenset[str]:
    return frozenset(m.group(0).lower() for p in (_HYPOTHETICAL, _QUALIFIED) for m in p.finditer(text))


def is_hedged(sentence: str, phrasings: Sequence[str] = ()) -> bool:
    """A hypothetical or qualified sentence weighs a claim instead of making it, unless the claim itself is
    stated that way ("If a message passes DKIM, we deliver it to the inbox" is a rule, and false)."""
    own = frozenset().union(*(hedges(p) for p in phrasings)) if phrasings else frozenset()
    return bool(hedges(sentence) - own)


def relation(phrasing: Concepts, sentence: Concepts, weight=None) -> str | None:
    """'asserts', 'denies' or None: how the sentence stands to one phrasing of a false claim.
    weight(concept) -> float: how much a concept says (rare in the case's own text: more)."""
    p = phrasing.items
    if len(p) < 3:
        return None
    shared = p & sentence.items
    if len(shared) < MIN_SHARED or len(sentence.items) > LENGTH_RATIO * len(p):
        return None
    # A claim with a number ("1-2 tokens per parameter") is made only with that number: a sentence that
    # gives other numbers and none of these says something else.
    numbers = {c for c in p if c[0].isdigit()}
    if numbers and not numbers & sentence.items and any(c[0].isdigit() for c in sentence.items):
        return None
    verdicts = p & _VERDICTS
    if verdicts and not (verdicts | {_DIRECTIONS[v] for v in verdicts if v in _DIRECTIONS}) & sentence.items:
        return None
    w = weight or (lambda _c: 1.0)
    if sum(w(c) for c in shared) / sum(w(c) for c in p) < RECALL:
        return None
    for d, opposite in _DIRECTIONS.items():
        if d in p and d not in sentence.items and opposite in sentence.items:
            return "denies"
    return "asserts" if phrasing.negated == sentence.negated else "denies"


def closer_to_correction(sentence: str, phrasings: Sequence[str], correction_sentences: Sequence[str]) -> bool:
    """True when the sentence shares at least as many concepts with a sentence of the claim's correction as
    with any phrasing of the claim: a correct statement about the same topic, not the false claim. (On the
    paraphrase table this keeps 19 of 20 detected claims and drops every hard negative.)"""
    s = concepts(sentence).items
    if not s:
        return False
    claim = max((len(s & concepts(p).items) for p in phrasings), default=0)
    truth = max((len(s & concepts(c).items) for c in correction_sentences), default=0)
    # A tie goes to the truth, unless everything the sentence says is in the phrasing (the claim verbatim).
    return truth > claim or (truth == claim and claim < len(s))


@dataclass(frozen=True)
class ClaimMatcher:
    """The phrasings of a list of false claims, for matching sentences against all of them at once."""
    owner: tuple[int, ...]
    phrasings: tuple[Concepts, ...]
    n_items: int
    idf: dict[str, float]
    hedges: tuple[frozenset[str], ...]  # each phrasing's own hypothetical/qualifying words
    unseen: float  # the weight of a concept the background never uses (the rarest there is)
    by_concept: dict[str, tuple[int, ...]]  # concept -> the phrasings holding it (ascending)

    @classmethod
    def build(cls, items: list[list[str]], background: Sequence[str] = ()) -> ClaimMatcher:
        """background: the sentences of the problem's own material (reference, rubric); a concept most
        of them use (the product, "model", "users") says little about which claim a sentence makes."""
        owner, found, marks = [], [], []
        for i, texts in enumerate(items):
            for text in texts:
                owner.append(i)
                found.append(concepts(text))
                marks.append(hedges(text))
        df: dict[str, int] = {}
        for text in background:
            for c in concepts(text).items:
                df[c] = df.get(c, 0) + 1
        n = len(background)
        idf = {c: math.log((n + 1) / (k + 1)) + 1.0 for c, k in df.items()}
        by_concept: dict[str, list[int]] = {}
        for j, p in enumerate(found):
            for c in p.items:
                by_concept.setdefault(c, []).append(j)
        return cls(tuple(owner), tuple(found), len(items), idf, tuple(marks), max(idf.values(), default=1.0),
                   {c: tuple(js) for c, js in by_concept.items()})

    def weight(self, concept: str) -> float:
        return self.idf.get(concept, self.unseen)

    def relations(self, sentences: list[str]) -> list[list[str | None]]:
        """rel[sentence][item]: 'asserts' if any phrasing is asserted, else 'denies' if any is denied, else None."""
        out = []
        for s in sentences:
            c = concepts(s)
            marks = hedges(s)
            row: list[str | None] = [None] * self.n_items
            # Only phrasings sharing MIN_SHARED concepts with the sentence can relate to it: counted through
            # the index rather than intersecting every phrasing, then visited in phrasing order as before.
            shared: dict[int, int] = {}
            for concept in c.items:
                for j in self.by_concept.get(concept, ()):
                    shared[j] = shared.get(j, 0) + 1
            for j in sorted(j for j, k in shared.items() if k >= MIN_SHARED):
                item, p, own = self.owner[j], self.phrasings[j], self.hedges[j]
                if row[item] == "asserts":
                    continue
                r = relation(p, c, self.weight)
                if r == "asserts" and marks - own:
                    continue
                if r is not None:
                    row[item] = r
            out.append(row)
        return out


__all__ = ["DISMISSAL", "DISMISSAL_WORDS", "FALSE_AS_REPORT", "QUOTED", "ClaimMatcher", "Concepts",
           "agrees_with_a_dismissal", "closer_to_correction", "concepts", "dismissed_clause", "dismisses",
           "is_hedged", "is_negative_statement", "is_reported", "relation"]
