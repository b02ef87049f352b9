from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

def _python_ndcg(relevances, k):
    """Independent model: the DCG sums in Python with math.log2, the ideal from sorted(..., reverse=True)."""
    import math

    rel = [float(r) for r in relevances]

    def dcg(grades):
        return math.fsum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))

    ideal = dcg(sorted(rel, reverse=True))
    return dcg(rel) / ideal if ideal > 0 else 0.0


_MODEL = SimpleNamespace(ndcg_at_k=_python_ndcg)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


_LOG2_3 = np.log2(3.0)


@sample(expected=1 / _LOG2_3)
def one_relevant_item_second(m):
    """relevances [0, 1, 0], k = 2"""
    return m.ndcg_at_k(np.array([0, 1, 0]), 2)


@sample(expected=1 / (7 + 1 / _LOG2_3))
def ideal_uses_items_beyond_k(m):
    """relevances [1, 0, 3], k = 2: the grade-3 item is outside the top 2 but in the ideal top 2"""
    return m.ndcg_at_k(np.array([1, 0, 3]), 2)


@sample(expected=(7 + 3 / _LOG2_3 + 7 / 2 + 1 / np.log2(6) + 3 / np.log2(7))
        / (7 + 7 / _LOG2_3 + 3 / 2 + 3 / np.log2(5) + 1 / np.log2(6)))
def graded_full_list(m):
    """relevances [3, 2, 3, 0, 1, 2], k = 6"""
    return m.ndcg_at_k(np.array([3, 2, 3, 0, 1, 2]), 6)


@hidden(expected=0.0)
def all_grades_zero(m):
    return m.ndcg_at_k(np.array([0, 0, 0, 0]), 3)


@hidden(expected=0.0)
def relevant_items_only_beyond_k(m):
    return m.ndcg_at_k(np.array([0, 0, 2, 1]), 2)


@_expected_from_model(hidden)
def k_larger_than_list(m):
    """k = 10 on 4 items, next to k = 4 on the same items"""
    rel = np.array([1, 3, 0, 2])
    return [m.ndcg_at_k(rel, 10), m.ndcg_at_k(rel, 4)]


@_expected_from_model(hidden)
def k_equals_one(m):
    return [m.ndcg_at_k(np.array([2, 3, 1]), 1), m.ndcg_at_k(np.array([3, 2, 1]), 1)]


@hidden(expected=1.0)
def ideal_order_scores_one(m):
    return m.ndcg_at_k(np.array([4, 3, 3, 1, 0]), 5)


@_expected_from_model(hidden)
def fractional_grades(m):
    return m.ndcg_at_k(np.array([0.5, 2.5, 0.0, 1.25, 3.0]), 3)


@_expected_from_model(hidden)
def top_two_positions_differ(m):
    """only the second item is relevant, full cut-off"""
    return m.ndcg_at_k(np.array([0, 2, 0, 0, 0]), 5)


@_expected_from_model(hidden)
def large_random_several_k(m):
    """1,000 grades in 0..4 at several cut-offs"""
    rel = np.random.default_rng(3).integers(0, 5, size=1000)
    return [m.ndcg_at_k(rel, k) for k in (1, 5, 10, 100, 1000)]


@_expected_from_model(hidden)
def input_is_not_modified(m):
    rel = np.array([1.0, 0.0, 3.0, 2.0, 0.0, 1.0])
    m.ndcg_at_k(rel, 4)
    return rel


# Independent check of the reference itself (plain pytest only).
def test_matches_sklearn_with_exponential_gains(solution):
    from sklearn.metrics import ndcg_score

    rng = np.random.default_rng(0)
    for n, k in [(8, 3), (20, 20), (15, 5), (6, 1)]:
        rel = rng.integers(0, 4, size=n)
        # sklearn uses the grade itself as the gain: pass 2**rel - 1, ranked by strictly decreasing scores.
        expected = ndcg_score([2.0 ** rel - 1], [np.arange(n, 0, -1)], k=k)
        assert abs(solution.ndcg_at_k(rel, k) - expected) < 1e-12
