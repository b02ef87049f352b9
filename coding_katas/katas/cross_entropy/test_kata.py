from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _row_logsumexp(logits, labels):
    """Independent model: per row, log(sum exp(z - max)) + max - z_label with math.fsum; mean by fsum."""
    import math

    losses = []
    for row, label in zip(np.asarray(logits, float).tolist(), np.asarray(labels).tolist(), strict=True):
        top = max(row)
        losses.append(math.log(math.fsum(math.exp(v - top) for v in row)) + top - row[label])
    return math.fsum(losses) / len(losses)


_MODEL = SimpleNamespace(cross_entropy=_row_logsumexp)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=0.30688205659872536)
def example_from_prompt(m):
    """two rows of three logits, labels [0, 1]"""
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    return m.cross_entropy(logits, np.array([0, 1]))


@sample(expected=float(np.log(4.0)))
def equal_logits_give_log_c(m):
    """three rows of four equal logits: the loss is log(4)"""
    logits = np.full((3, 4), 7.5)
    return m.cross_entropy(logits, np.array([0, 3, 2]))


@sample(expected=1000.0)
def huge_logits_stay_finite(m):
    """logits of magnitude 1e3: one right row (loss 0) and one confidently wrong row (loss 2000)"""
    logits = np.array([[1000.0, -1000.0], [1000.0, -1000.0]])
    return m.cross_entropy(logits, np.array([0, 1]))


@hidden(expected=0.0)
def very_negative_logits(m):
    """every logit near -1e3: naive exp underflows to log(0)"""
    logits = np.array([[-1000.0, -1500.0, -2000.0], [-1800.0, -1000.0, -1900.0]])
    return m.cross_entropy(logits, np.array([0, 1]))


@_expected_from_model(hidden)
def confidently_wrong_is_not_clipped(m):
    """the true class is 500 below the best: the loss is about 500, not a clipped log(eps)"""
    logits = np.array([[0.0, 500.0, -3.0], [250.0, 1.0, 2.0], [1.0, 2.0, 3.0]])
    return m.cross_entropy(logits, np.array([0, 1, 2]))


@_expected_from_model(hidden)
def single_example(m):
    return m.cross_entropy(np.array([[0.3, -1.2, 2.2, 0.0, 0.7]]), np.array([3]))


@_expected_from_model(hidden)
def labels_differ_per_row(m):
    """six rows with distinct labels, so picking the wrong entries shows"""
    logits = np.random.default_rng(4).normal(size=(6, 5)) * 3
    return m.cross_entropy(logits, np.array([4, 0, 3, 1, 2, 4]))


@_expected_from_model(hidden)
def more_classes_than_rows(m):
    logits = np.random.default_rng(5).normal(size=(3, 9)) * 2
    return m.cross_entropy(logits, np.array([8, 0, 5]))


@_expected_from_model(hidden)
def large_random_batch(m):
    """2,000 examples, 10 classes, logits spread up to a few hundred"""
    rng = np.random.default_rng(6)
    logits = rng.normal(size=(2000, 10)) * rng.uniform(0.1, 300.0, size=(2000, 1))
    labels = rng.integers(0, 10, size=2000)
    return m.cross_entropy(logits, labels)


@_expected_from_model(hidden)
def int32_labels(m):
    logits = np.random.default_rng(7).normal(size=(4, 3))
    return m.cross_entropy(logits, np.array([2, 2, 0, 1], dtype=np.int32))


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    logits = np.array([[3.0, 1.0, -2.0], [900.0, 0.0, 1.0]])
    labels = np.array([1, 0])
    m.cross_entropy(logits, labels)
    return logits, labels


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_cross_entropy(solution):
    import torch

    rng = np.random.default_rng(0)
    logits = rng.normal(size=(50, 7)) * 20
    labels = rng.integers(0, 7, size=50)
    expected = torch.nn.functional.cross_entropy(torch.tensor(logits), torch.tensor(labels)).item()
    assert abs(solution.cross_entropy(logits, labels) - expected) < 1e-10


def test_matches_sklearn_log_loss(solution):
    from sklearn.metrics import log_loss

    rng = np.random.default_rng(1)
    logits = rng.normal(size=(40, 4))
    labels = rng.integers(0, 4, size=40)
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    expected = log_loss(labels, probs, labels=[0, 1, 2, 3])
    assert abs(solution.cross_entropy(logits, labels) - expected) < 1e-10
