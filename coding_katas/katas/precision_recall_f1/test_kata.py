from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _counts(y_true, y_pred):
    """Independent model: TP, FP and FN counted pair by pair in Python; every 0/0 is 0.0."""
    pairs = list(zip(np.asarray(y_true).tolist(), np.asarray(y_pred).tolist(), strict=True))
    tp = sum(t == 1 and p == 1 for t, p in pairs)
    fp = sum(t == 0 and p == 1 for t, p in pairs)
    fn = sum(t == 1 and p == 0 for t, p in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


_MODEL = SimpleNamespace(precision_recall_f1=_counts)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=(2 / 3, 2 / 3, 2 / 3))
def balanced_example(m):
    """y_true [1, 1, 0, 0, 1], y_pred [1, 0, 1, 0, 1]"""
    return m.precision_recall_f1(np.array([1, 1, 0, 0, 1]), np.array([1, 0, 1, 0, 1]))


@sample(expected=(0.25, 1.0, 0.4))
def predicts_everything_positive(m):
    """y_true [1, 0, 0, 0], y_pred [1, 1, 1, 1]"""
    return m.precision_recall_f1(np.array([1, 0, 0, 0]), np.array([1, 1, 1, 1]))


@sample(expected=(0.0, 0.0, 0.0))
def nothing_predicted_positive(m):
    """y_true [1, 0, 1], y_pred [0, 0, 0]: precision is 0/0"""
    return m.precision_recall_f1(np.array([1, 0, 1]), np.array([0, 0, 0]))


@hidden(expected=(0.0, 0.0, 0.0))
def nothing_actually_positive(m):
    """recall is 0/0, precision is 0/2"""
    return m.precision_recall_f1(np.array([0, 0, 0, 0]), np.array([1, 0, 1, 0]))


@hidden(expected=(0.0, 0.0, 0.0))
def all_zeros(m):
    return m.precision_recall_f1(np.zeros(6, dtype=int), np.zeros(6, dtype=int))


@hidden(expected=(1.0, 1.0, 1.0))
def perfect_prediction(m):
    y = np.array([0, 1, 1, 0, 1, 0, 0])
    return m.precision_recall_f1(y, y.copy())


@hidden(expected=(1.0, 0.25, 0.4))
def high_precision_low_recall(m):
    return m.precision_recall_f1(np.array([1, 1, 1, 1, 0, 0]), np.array([1, 0, 0, 0, 0, 0]))


@hidden(expected=(0.0, 0.0, 0.0))
def all_predictions_wrong(m):
    return m.precision_recall_f1(np.array([1, 0, 1, 0]), np.array([0, 1, 0, 1]))


@_expected_from_model(hidden)
def large_random(m):
    """10,000 labels with a 20% positive rate and a noisy classifier"""
    rng = np.random.default_rng(11)
    y_true = (rng.random(10_000) < 0.2).astype(int)
    flip = rng.random(10_000) < 0.15
    y_pred = np.where(flip, 1 - y_true, y_true)
    return m.precision_recall_f1(y_true, y_pred)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    y_true = np.array([1, 0, 1, 1, 0])
    y_pred = np.array([0, 0, 1, 1, 1])
    m.precision_recall_f1(y_true, y_pred)
    return [y_true, y_pred]


# Independent check of the reference itself (plain pytest only).
def test_matches_sklearn(solution):
    from sklearn.metrics import precision_recall_fscore_support

    rng = np.random.default_rng(0)
    for p_true, p_pred in [(0.3, 0.4), (0.0, 0.5), (0.5, 0.0), (0.0, 0.0), (0.9, 0.9)]:
        y_true = (rng.random(200) < p_true).astype(int)
        y_pred = (rng.random(200) < p_pred).astype(int)
        p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", zero_division=0)
        np.testing.assert_allclose(solution.precision_recall_f1(y_true, y_pred), (p, r, f), rtol=1e-12)
