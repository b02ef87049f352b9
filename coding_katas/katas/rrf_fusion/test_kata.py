import random
from decimal import Decimal, getcontext

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _slow_rrf, written independently of the reference: a document's rank is
# 1 + the number of documents that beat it (higher score, or equal score and smaller id), and sums are taken
# in 60-digit Decimal arithmetic (ties compared after rounding to 50 digits).


def _slow_rrf(results, k=60, weights=None, depth=None, top_n=None):
    getcontext().prec = 60
    weights = [1] * len(results) if weights is None else weights
    fused = {}
    for scores, w in zip(results, weights):
        for doc, s in scores.items():
            rank = 1 + sum(1 for o, t in scores.items() if t > s or (t == s and o < doc))
            if depth is None or rank <= depth:
                fused[doc] = fused.get(doc, Decimal(0)) + Decimal(w) / Decimal(k + rank)
    order = sorted(fused, key=lambda d: (-round(fused[d], 50), d))
    return [(d, float(fused[d])) for d in order[:top_n]]


def _retrievers(seed, n_docs, n_each, ties=False):
    rng = random.Random(seed)
    docs = [f"doc{i:03d}" for i in range(n_docs)]
    bm25 = {d: float(rng.randint(0, 6)) if ties else rng.uniform(0, 25) for d in rng.sample(docs, n_each)}
    dense = {d: round(rng.uniform(-0.2, 0.95), 2 if ties else 12) for d in rng.sample(docs, n_each)}
    return [bm25, dense]


BM25 = {"d1": 12.0, "d2": 9.5, "d3": 9.5}
DENSE = {"d3": 0.91, "d4": 0.88, "d1": 0.42}


@sample(expected=[("d1", 1 / 61 + 1 / 63), ("d3", 1 / 61 + 1 / 63), ("d2", 1 / 62), ("d4", 1 / 62)])
def prompt_example(m):
    """BM25 {d1: 12, d2: 9.5, d3: 9.5} and dense {d3: .91, d4: .88, d1: .42}, k = 60"""
    return m.rrf_fuse([BM25, DENSE])


@sample(expected=[("d1", 1 / 11), ("d3", 1 / 11), ("d2", 1 / 12)])
def depth_two_and_k_ten(m):
    """same inputs, k = 10, depth 2: BM25 keeps d1, d2; dense keeps d3, d4; top_n 3 drops d4 (ties d2 at 1/12)"""
    return m.rrf_fuse([BM25, DENSE], k=10, depth=2, top_n=3)


# alpha is ranked (8, 1, 2) and zeta (1, 2, 8) by three retrievers: equal RRF scores, but summing floats in
# list order gives zeta a larger score by one ulp.
FILL = [f"f{i}" for i in range(6)]
THREE = [{**{d: 100.0 - i for i, d in enumerate(["zeta"] + FILL)}, "alpha": 10.0},
         {"alpha": 50.0, "zeta": 40.0, **{d: 30.0 - i for i, d in enumerate(FILL)}},
         {"f0": 9.0, "alpha": 8.0, **{d: 7.0 - i for i, d in enumerate(FILL[1:])}, "zeta": 0.5}]


@sample(expected=_slow_rrf(THREE)[:4])
def tie_needs_exact_sums(m):
    """three retrievers; alpha ranks (8, 1, 2), zeta (1, 2, 8): an exact tie, so alpha comes first; top 4"""
    return m.rrf_fuse(THREE, top_n=4)


RANDOM = _retrievers(1, 40, 25)


@hidden(expected=_slow_rrf(RANDOM, k=10, weights=[0.7, 1.3]))
def weighted_k_ten(m):
    """40 documents, 25 per retriever, weights 0.7 (BM25) and 1.3 (dense), k = 10"""
    return m.rrf_fuse(RANDOM, k=10, weights=[0.7, 1.3])


@hidden(expected=_slow_rrf(RANDOM, depth=8, top_n=6))
def depth_eight_top_six(m):
    """only the 8 best of each retriever take part; the 6 best fused documents"""
    return m.rrf_fuse(RANDOM, depth=8, top_n=6)


TIED = _retrievers(2, 30, 20, ties=True)


@hidden(expected=_slow_rrf(TIED))
def many_equal_scores(m):
    """integer BM25 scores 0-6 and dense scores with 2 decimals: many equal scores inside each retriever"""
    return m.rrf_fuse(TIED)


@hidden(expected=[("a", 1 / 61), ("b", 1 / 62), ("x", 0.0), ("y", 0.0)])
def empty_retriever_and_zero_weight(m):
    """retrievers {a, b}, {} and {y, x} with weights 1, 1, 0: x and y are returned with score 0, ties by id"""
    return m.rrf_fuse([{"a": 2.0, "b": 1.0}, {}, {"y": 0.9, "x": 0.8}], weights=[1, 1, 0])


@hidden(expected=_slow_rrf(_retrievers(3, 12, 10) + _retrievers(4, 12, 10), k=0))
def four_retrievers_k_zero(m):
    """four retrievers over 12 documents, k = 0 (the rank-1 document earns 1 per list)"""
    return m.rrf_fuse(_retrievers(3, 12, 10) + _retrievers(4, 12, 10), k=0)


@hidden(expected=_slow_rrf(THREE, k=60, weights=[2, 2, 2]))
def tie_survives_equal_weights(m):
    """the three-retriever tie with every weight 2"""
    return m.rrf_fuse(THREE, weights=[2, 2, 2])


@hidden(expected=[dict(BM25), dict(DENSE)])
def inputs_not_modified(m):
    a, b = dict(BM25), dict(DENSE)
    m.rrf_fuse([a, b], depth=1)
    return [a, b]


# Independent checks of the reference itself (plain pytest only).
def test_float_sums_in_list_order_really_differ():
    """The tie scenario is only a test if naive float sums disagree."""
    assert 1 / 61 + 1 / 62 + 1 / 68 > 1 / 68 + 1 / 61 + 1 / 62  # zeta's float sum beats alpha's
