from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

NAN, INF = np.nan, np.inf


def _masked_loop(log_probs, mask=None):
    """Independent model: real tokens picked one by one, sums by math.fsum, nan where nothing is real."""
    import math

    B, T = np.shape(log_probs)
    real = np.ones((B, T), bool) if mask is None else np.asarray(mask).astype(bool)
    per, everything = [], []
    for b in range(B):
        values = [float(log_probs[b, t]) for t in range(T) if real[b, t]]
        everything += values
        per.append(math.exp(-math.fsum(values) / len(values)) if values else math.nan)
    corpus = math.exp(-math.fsum(everything) / len(everything)) if everything else math.nan
    return {"per_sequence": np.array(per, dtype=float), "corpus": corpus}


_MODEL = SimpleNamespace(perplexity=_masked_loop)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _run(m, log_probs, mask=None):
    out = m.perplexity(log_probs) if mask is None else m.perplexity(log_probs, mask)
    return {"per_sequence": np.asarray(out["per_sequence"], dtype=float), "corpus": float(out["corpus"])}


EX_LP = np.log(np.array([[0.5, 0.25, 0.9], [0.1, 0.7, 0.2]]))
EX_MASK = np.array([[1, 1, 0], [1, 0, 0]])


@sample(expected={"per_sequence": np.array([0.125 ** -0.5, 10.0]), "corpus": 0.0125 ** (-1 / 3)})
def example_from_prompt(m):
    """log of [[0.5, 0.25, 0.9], [0.1, 0.7, 0.2]] with the 0/1 mask [[1, 1, 0], [1, 0, 0]]"""
    return _run(m, EX_LP, EX_MASK)


@sample(expected={"per_sequence": np.array([4.0, 2.0]), "corpus": 8.0 ** 0.5})
def no_mask_every_token_counts(m):
    """log of [[0.25, 0.25], [0.5, 0.5]], mask None"""
    return _run(m, np.log(np.array([[0.25, 0.25], [0.5, 0.5]])))


@sample(expected={"per_sequence": np.array([2.0, NAN, 4.0]), "corpus": 8.0 ** 0.5})
def nan_padding_and_an_empty_sequence(m):
    """boolean mask; the padding holds nan and -inf; the middle sequence has no real token"""
    lp = np.array([[np.log(0.5), NAN], [-INF, NAN], [np.log(0.25), -INF]])
    mask = np.array([[True, False], [False, False], [True, False]])
    return _run(m, lp, mask)


@_expected_from_model(hidden)
def boolean_and_integer_masks_agree(m):
    """the same random mask as bools, as 0/1 ints and as 0.0/1.0 floats"""
    rng = np.random.default_rng(1)
    lp = np.log(rng.uniform(0.01, 1.0, size=(4, 9)))
    mask = rng.random((4, 9)) < 0.6
    return [_run(m, lp, mask), _run(m, lp, mask.astype(int)), _run(m, lp, mask.astype(float))]


@_expected_from_model(hidden)
def corpus_is_token_weighted(m):
    """a 1-token sequence next to an 8-token one: pooling differs from averaging"""
    lp = np.log(np.array([[0.01] + [0.5] * 7 + [0.3], [0.9] * 9]))
    mask = np.zeros((2, 9), dtype=bool)
    mask[0, :8] = True
    mask[1, :1] = True
    return _run(m, lp, mask)


@hidden(expected={"per_sequence": np.array([NAN, NAN]), "corpus": NAN})
def fully_padded_batch(m):
    """every position is padding (some hold -inf)"""
    return _run(m, np.array([[-1.0, -INF], [-2.0, -3.0]]), np.zeros((2, 2), dtype=int))


@_expected_from_model(hidden)
def empty_batch(m):
    """B = 0: an empty per-sequence array and a nan corpus value"""
    return _run(m, np.zeros((0, 5)), np.zeros((0, 5), dtype=bool))


@_expected_from_model(hidden)
def mask_with_holes(m):
    """real tokens are not contiguous (e.g. prompt tokens excluded); padding is +inf"""
    rng = np.random.default_rng(2)
    lp = np.log(rng.uniform(0.05, 1.0, size=(3, 8)))
    mask = np.array([[0, 1, 0, 1, 1, 0, 0, 1], [1, 0, 0, 0, 0, 0, 0, 1], [0, 0, 1, 1, 1, 1, 1, 0]])
    lp[mask == 0] = INF
    return _run(m, lp, mask)


@hidden(expected={"per_sequence": np.array([INF, 2.0]), "corpus": INF})
def real_token_with_probability_zero(m):
    """a real token has log-prob -inf"""
    return _run(m, np.array([[np.log(0.5), -INF], [np.log(0.5), np.log(0.5)]]))


@hidden(expected={"per_sequence": np.array([1 / 0.3]), "corpus": 1 / 0.3})
def single_token(m):
    """B = 1, T = 1"""
    return _run(m, np.log(np.array([[0.3]])), np.array([[True]]))


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    """call, then return the log-probs (with nan padding) and the mask"""
    lp = np.array([[-0.5, NAN, -1.0], [-2.0, -0.1, -INF]])
    mask = np.array([[1, 0, 1], [1, 1, 0]])
    m.perplexity(lp, mask)
    return [lp, mask]


@_expected_from_model(hidden)
def larger_random_batch(m):
    """B = 64, T = 512 with random lengths and nan padding"""
    rng = np.random.default_rng(3)
    lp = -rng.exponential(2.0, size=(64, 512))
    lengths = rng.integers(0, 513, size=64)
    mask = np.arange(512)[None, :] < lengths[:, None]
    lp[~mask] = NAN
    return _run(m, lp, mask)


# Independent checks of the reference itself (plain pytest only).
def test_corpus_matches_torch_cross_entropy(solution):
    import torch

    rng = np.random.default_rng(10)
    logits = torch.from_numpy(rng.normal(size=(5, 7, 11)) * 2)
    targets = torch.from_numpy(rng.integers(0, 11, size=(5, 7)))
    mask = torch.from_numpy(rng.random((5, 7)) < 0.7)
    log_probs = torch.log_softmax(logits, -1).gather(-1, targets[..., None])[..., 0]
    ignored = targets.masked_fill(~mask, -100)
    nll = torch.nn.functional.cross_entropy(logits.reshape(-1, 11), ignored.reshape(-1), ignore_index=-100)
    got = solution.perplexity(log_probs.numpy(), mask.numpy())
    np.testing.assert_allclose(got["corpus"], float(torch.exp(nll)), rtol=1e-10)
    per_row = torch.nn.functional.cross_entropy(logits.transpose(1, 2), ignored, ignore_index=-100, reduction="none")
    expected = torch.exp(per_row.sum(1) / mask.sum(1))
    np.testing.assert_allclose(got["per_sequence"], expected.numpy(), rtol=1e-10)


def test_matches_geometric_mean_definition(solution):
    # Perplexity is the inverse geometric mean of the real tokens' probabilities.
    rng = np.random.default_rng(11)
    probs = rng.uniform(0.1, 1.0, size=(3, 6))
    mask = rng.random((3, 6)) < 0.5
    mask[:, 0] = True
    got = solution.perplexity(np.log(probs), mask)
    for b in range(3):
        real = probs[b][mask[b]]
        assert np.isclose(got["per_sequence"][b], np.prod(real) ** (-1 / len(real)), rtol=1e-10)
    assert np.isclose(got["corpus"], np.prod(probs[mask]) ** (-1 / mask.sum()), rtol=1e-10)
