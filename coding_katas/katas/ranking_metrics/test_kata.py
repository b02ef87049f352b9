import math
from itertools import permutations

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _brute: NDCG as the average of plain DCG over every order of the tied items
# (all permutations consistent with the scores), AP item by item as the mean over relevant items of the precision
# at the end of the item's tie group, RR by counting. The reference is also checked against scikit-learn's
# ndcg_score and average_precision_score below (plain pytest only).


def _dcg(gains, k):
    return sum(g / math.log2(p + 2) for p, g in enumerate(gains[:k]))


def _brute_query(rel, score, k):
    order = sorted(range(len(rel)), key=lambda i: -score[i])
    orders = [p for p in permutations(order) if all(score[p[i]] >= score[p[i + 1]] for i in range(len(p) - 1))]
    ideal = _dcg(sorted(rel, reverse=True), k)
    ndcg = 0.0 if ideal == 0 else sum(_dcg([rel[i] for i in p], k) for p in orders) / len(orders) / ideal
    relevant = [i for i in range(len(rel)) if rel[i] > 0]
    if not relevant:
        return ndcg, 0.0, 0.0
    ap = 0.0
    for i in relevant:
        upto = [j for j in range(len(rel)) if score[j] >= score[i]]  # the end of i's tie group
        ap += sum(rel[j] > 0 for j in upto) / len(upto) / len(relevant)
    best = max(score[i] for i in relevant)
    return ndcg, ap, 1.0 / sum(s >= best for s in score)


def _brute(y_true, y_score, k):
    rows = [_brute_query(list(t), list(s), k) for t, s in zip(y_true, y_score)]
    ndcg, ap, rr = (np.array(col, dtype=float) for col in zip(*rows))
    return {"ndcg": ndcg.mean(), "map": ap.mean(), "mrr": rr.mean(), "ndcg_per_query": ndcg, "ap_per_query": ap,
            "rr_per_query": rr}


def _queries(seed, Q, n, levels=4):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 4, size=(Q, n)) * (rng.random((Q, n)) < 0.5)
    return y_true, rng.integers(0, levels, size=(Q, n)) / levels


IDCG = 3 + 2 / math.log2(3)


@sample(expected={"ndcg": 2 * (1 + 1 / math.log2(3)) / IDCG, "map": 1.0, "mrr": 1 / 3,
                  "ndcg_per_query": np.array([2 * (1 + 1 / math.log2(3)) / IDCG]), "ap_per_query": np.array([1.0]),
                  "rr_per_query": np.array([1 / 3])})
def prompt_example(m):
    """rel [3, 2, 0, 1], scores [.5, .5, .2, .5], k 2: a tie of three items straddles the cut-off"""
    return m.ranking_metrics(np.array([[3, 2, 0, 1]]), np.array([[0.5, 0.5, 0.2, 0.5]]), 2)


@sample(expected={"ndcg": (1.0 + 1 / math.log2(3)) / 2, "map": (1.0 + 0.5) / 2, "mrr": (1.0 + 0.5) / 2,
                  "ndcg_per_query": np.array([1.0, 1 / math.log2(3)]), "ap_per_query": np.array([1.0, 0.5]),
                  "rr_per_query": np.array([1.0, 0.5])})
def no_ties_two_queries(m):
    """distinct scores, binary relevance, k 3: query 0 ranks its relevant item first, query 1 second (1/log2 3)"""
    return m.ranking_metrics(np.array([[1, 0, 0], [0, 1, 0]]), np.array([[0.9, 0.5, 0.1], [0.9, 0.5, 0.1]]), 3)


@sample(expected={"ndcg": 0.5 * 0.5 * (1 + 1 / math.log2(3)), "map": 0.5 * 0.5, "mrr": 0.5 * 0.5,
                  "ndcg_per_query": np.array([0.5 * (1 + 1 / math.log2(3)), 0.0]),
                  "ap_per_query": np.array([0.5, 0.0]), "rr_per_query": np.array([0.5, 0.0])})
def all_tied_and_a_query_without_relevant_items(m):
    """query 0: two items tied at 0.3, one relevant: DCG = 0.5 * (1 + 1/log2 3); query 1: nothing relevant"""
    return m.ranking_metrics(np.array([[1, 0], [0, 0]]), np.array([[0.3, 0.3], [0.8, 0.1]]), 5)


GRADED = _queries(1, 4, 6)


@hidden(expected=_brute(*GRADED, 3))
def graded_relevance_quantised_scores(m):
    """4 queries x 6 items, grades 0-3, scores on 4 levels (many ties), k 3"""
    return m.ranking_metrics(*GRADED, 3)


COARSE = _queries(2, 3, 7, levels=2)


@hidden(expected=_brute(*COARSE, 2))
def two_score_levels(m):
    """only two distinct scores per query: large tied groups, k 2"""
    return m.ranking_metrics(*COARSE, 2)


FINE = _queries(3, 5, 5, levels=1000)


@hidden(expected=_brute(*FINE, 10))
def k_larger_than_n(m):
    """5 queries x 5 items, almost no ties, k 10 > n"""
    return m.ranking_metrics(*FINE, 10)


@hidden(expected=_brute(np.array([[0, 2, 0, 1, 0, 3, 0]]), np.array([[0.1, 0.7, 0.7, 0.7, 0.2, 0.05, 0.7]]), 1))
def cut_at_one_inside_a_tie(m):
    """k 1 while four items tie at the top; the best item (grade 3) has the lowest score"""
    return m.ranking_metrics(np.array([[0, 2, 0, 1, 0, 3, 0]]), np.array([[0.1, 0.7, 0.7, 0.7, 0.2, 0.05, 0.7]]), 1)


@hidden(expected=_brute(np.array([[0.5, 0.0, 2.5], [1.0, 1.0, 1.0]]), np.array([[-1.0, 3.0, -1.0], [0.0, 0.0, 0.0]]),
                        2))
def float_grades_and_negative_scores(m):
    """fractional grades and negative scores; the second query is all tied and all relevant"""
    return m.ranking_metrics(np.array([[0.5, 0.0, 2.5], [1.0, 1.0, 1.0]]),
                             np.array([[-1.0, 3.0, -1.0], [0.0, 0.0, 0.0]]), 2)


@hidden(expected=[GRADED[0].copy(), GRADED[1].copy()])
def inputs_not_modified(m):
    t, s = GRADED[0].copy(), GRADED[1].copy()
    m.ranking_metrics(t, s, 3)
    return [t, s]


# Independent checks of the reference itself (plain pytest only).
def test_matches_sklearn(solution):
    from sklearn.metrics import average_precision_score, ndcg_score

    for seed in range(10, 30):
        y_true, y_score = _queries(seed, 3, 9, levels=3 + seed % 5)
        out = solution.ranking_metrics(y_true, y_score, 1 + seed % 6)
        for q in range(3):
            assert abs(out["ndcg_per_query"][q] - ndcg_score(y_true[q:q + 1], y_score[q:q + 1], k=1 + seed % 6)) < 1e-12
            if (y_true[q] > 0).any():
                assert abs(out["ap_per_query"][q] - average_precision_score(y_true[q] > 0, y_score[q])) < 1e-12
