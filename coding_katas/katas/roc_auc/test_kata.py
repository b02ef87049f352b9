from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _pair_count_auc(y_true, scores):
    """Independent model: for each positive, the negatives below it plus half the tied ones, counted with
    searchsorted on the sorted negative scores."""
    y, s = np.asarray(y_true), np.asarray(scores, dtype=float)
    pos, neg = s[y == 1], np.sort(s[y == 0])
    if len(pos) == 0 or len(neg) == 0:
        raise ValueError("one class only")
    below, upto = np.searchsorted(neg, pos, "left"), np.searchsorted(neg, pos, "right")
    return float((below.sum() + 0.5 * (upto - below).sum()) / (len(pos) * len(neg)))


_MODEL = SimpleNamespace(roc_auc=_pair_count_auc)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _error_name(call):
    """Run call(); the name of the exception it raises, or "no error"."""
    try:
        call()
    except ValueError:
        return "ValueError"
    return "no error"


@sample(expected=0.75)
def example_from_prompt(m):
    """labels [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8]"""
    return m.roc_auc(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))


@sample(expected=0.5)
def all_scores_tied(m):
    """labels [1, 0, 1, 0, 0], every score 0.3: every pair is a tie"""
    return m.roc_auc(np.array([1, 0, 1, 0, 0]), np.full(5, 0.3))


@sample(expected=4 / 6)
def cross_class_ties_count_half(m):
    """labels [0, 1, 0, 1, 1], scores [0.2, 0.2, 0.7, 0.7, 0.9]: 3 wins and 2 ties out of 6 pairs"""
    return m.roc_auc(np.array([0, 1, 0, 1, 1]), np.array([0.2, 0.2, 0.7, 0.7, 0.9]))


@sample(expected="ValueError")
def only_positives_raise(m):
    """labels [1, 1, 1]: returns "ValueError" if roc_auc raises it, else "no error" """
    return _error_name(lambda: m.roc_auc(np.array([1, 1, 1]), np.array([0.1, 0.5, 0.9])))


@hidden(expected="ValueError")
def only_negatives_raise(m):
    return _error_name(lambda: m.roc_auc(np.array([0, 0, 0, 0]), np.array([0.3, 0.1, 0.2, 0.4])))


@hidden(expected=1.0)
def perfect_separation(m):
    return m.roc_auc(np.array([1, 0, 1, 0, 1]), np.array([0.9, 0.1, 0.8, 0.2, 0.7]))


@hidden(expected=0.0)
def perfectly_reversed(m):
    return m.roc_auc(np.array([1, 1, 0, 0]), np.array([-3.0, -2.0, 5.0, 7.0]))


@_expected_from_model(hidden)
def same_class_ties_do_not_matter(m):
    """ties only inside a class, listed in an order that breaks a naive sort"""
    y = np.array([1, 1, 1, 0, 0, 0, 1, 0])
    s = np.array([0.5, 0.5, 0.9, 0.1, 0.1, 0.6, 0.5, 0.6])
    return m.roc_auc(y, s)


@_expected_from_model(hidden)
def tied_pairs_in_different_orders(m):
    """the same tied data in three row orders must give the same AUC each time"""
    y = np.array([0, 1, 1, 0, 1, 0, 0, 1, 0, 1])
    s = np.array([0.3, 0.3, 0.8, 0.8, 0.1, 0.1, 0.5, 0.5, 0.5, 0.9])
    out = []
    for seed in range(3):
        p = np.random.default_rng(seed).permutation(y.size)
        out.append(m.roc_auc(y[p], s[p]))
    return out


@_expected_from_model(hidden)
def single_positive_among_ties(m):
    y = np.array([0, 0, 0, 1, 0, 0])
    s = np.array([1.0, 2.0, 2.0, 2.0, 2.0, 3.0])
    return m.roc_auc(y, s)


@_expected_from_model(hidden)
def negative_and_integer_scores(m):
    y = np.array([1, 0, 0, 1, 1, 0, 1])
    s = np.array([-1, -5, 3, 0, 2, -1, 10])
    return m.roc_auc(y, s)


@_expected_from_model(hidden)
def large_random_with_many_ties(m):
    """20,000 samples whose scores are rounded to 2 decimals (lots of ties)"""
    rng = np.random.default_rng(7)
    y = (rng.random(20_000) < 0.3).astype(int)
    s = np.round(rng.normal(size=20_000) + 0.8 * y, 2)
    return m.roc_auc(y, s)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    y = np.array([1, 0, 1, 0])
    s = np.array([0.4, 0.9, 0.1, 0.4])
    m.roc_auc(y, s)
    return [y, s]


# Independent checks of the reference itself (plain pytest only).
def test_matches_brute_force_pairs(solution):
    rng = np.random.default_rng(0)
    for _ in range(20):
        y = rng.integers(0, 2, size=40)
        y[:2] = [0, 1]
        s = rng.integers(0, 6, size=40).astype(float)
        pos, neg = s[y == 1], s[y == 0]
        brute = ((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])).mean()
        assert abs(solution.roc_auc(y, s) - brute) < 1e-12


def test_matches_sklearn(solution):
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, size=500)
    s = np.round(rng.normal(size=500) + y, 1)
    assert abs(solution.roc_auc(y, s) - roc_auc_score(y, s)) < 1e-12
