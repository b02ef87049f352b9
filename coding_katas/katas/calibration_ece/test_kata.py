from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

_NAN = float("nan")


def _python_bins(y_true, y_prob, n_bins=10):
    """Independent model: each sample binned by min(floor(p * B), B - 1) in Python, sums per bin, NaN for empty bins."""
    import math

    members = [[] for _ in range(n_bins)]
    for y, p in zip(np.asarray(y_true).tolist(), np.asarray(y_prob, float).tolist(), strict=True):
        members[min(math.floor(p * n_bins), n_bins - 1)].append((p, y))
    count = [len(b) for b in members]
    mean_p = [math.fsum(p for p, _ in b) / len(b) if b else math.nan for b in members]
    frac = [sum(y for _, y in b) / len(b) if b else math.nan for b in members]
    gaps = [(len(b), abs(f - mp)) for b, f, mp in zip(members, frac, mean_p, strict=True) if b]
    return {"count": np.array(count), "mean_predicted": np.array(mean_p), "fraction_positive": np.array(frac),
            "ece": math.fsum(n * g for n, g in gaps) / len(y_prob), "mce": max(g for _, g in gaps)}


_MODEL = SimpleNamespace(calibration_ece=_python_bins)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _model(seed, n, skew=1.0):
    """Labels drawn from a true probability; the predictions distort it (over- or under-confident)."""
    rng = np.random.default_rng(seed)
    true_p = rng.beta(0.8, 0.8, size=n)
    y = (rng.random(n) < true_p).astype(int)
    logit = np.log(true_p / (1 - true_p)) * skew + rng.normal(size=n) * 0.3
    return y, 1 / (1 + np.exp(-logit))


@sample(expected={"count": np.array([2, 2, 0, 4]), "mean_predicted": np.array([0.15, 0.275, _NAN, 0.875]),
                  "fraction_positive": np.array([0.0, 1.0, _NAN, 0.75]), "ece": 0.28125, "mce": 0.725})
def example_from_prompt(m):
    """8 predictions in 4 bins; 0.25 sits on an edge, 1.0 joins the last bin, bin 2 is empty"""
    y_true = np.array([0, 0, 1, 1, 1, 0, 1, 1])
    y_prob = np.array([0.1, 0.2, 0.25, 0.3, 0.75, 0.8, 1.0, 0.95])
    return m.calibration_ece(y_true, y_prob, n_bins=4)


@sample(expected={"count": np.array([1, 1, 1, 1, 1, 1, 2, 1]),
                  "mean_predicted": np.array([0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 1.0]),
                  "fraction_positive": np.array([0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0]),
                  "ece": (0.125 + 0.75 + 0.375 + 0.5 + 0.625 + 2 * 0.25) / 9, "mce": 0.75})
def probabilities_on_every_edge(m):
    """9 predictions that are multiples of 1/8, with 8 bins: each goes to the upper bin, 1.0 to the last"""
    y_prob = np.array([0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.75, 1.0])
    y_true = np.array([0, 0, 1, 0, 1, 0, 1, 1, 1])
    return m.calibration_ece(y_true, y_prob, n_bins=8)


@_expected_from_model(sample)
def random_model_ten_bins(m):
    """200 predictions from an over-confident model, default 10 bins"""
    y, p = _model(1, 200, skew=2.0)
    return m.calibration_ece(y, p)


@hidden(expected={"count": np.array([0, 0, 0, 3]), "mean_predicted": np.array([_NAN, _NAN, _NAN, 1.0]),
                  "fraction_positive": np.array([_NAN, _NAN, _NAN, 2 / 3]), "ece": 1 / 3, "mce": 1 / 3})
def all_predictions_equal_one(m):
    """three predictions of exactly 1.0 with 4 bins: all in the last bin"""
    return m.calibration_ece(np.array([1, 0, 1]), np.array([1.0, 1.0, 1.0]), n_bins=4)


@_expected_from_model(hidden)
def one_bin(m):
    """n_bins = 1: ECE is |mean(y) - mean(p)|"""
    y, p = _model(2, 50)
    return m.calibration_ece(y, p, n_bins=1)


@_expected_from_model(hidden)
def many_empty_bins(m):
    """predictions only in [0.3, 0.45) and [0.9, 1.0] with 20 bins"""
    rng = np.random.default_rng(3)
    p = np.concatenate([rng.uniform(0.3, 0.45, 15), rng.uniform(0.9, 1.0, 10)])
    y = (rng.random(25) < 0.6).astype(int)
    return m.calibration_ece(y, p, n_bins=20)


@hidden(expected={"count": np.array([2, 0, 2]), "mean_predicted": np.array([0.0, _NAN, 1.0]),
                  "fraction_positive": np.array([0.0, _NAN, 1.0]), "ece": 0.0, "mce": 0.0})
def perfectly_calibrated(m):
    """predictions 0 and 1 that are always right: both errors are 0"""
    return m.calibration_ece(np.array([0, 1, 0, 1]), np.array([0.0, 1.0, 0.0, 1.0]), n_bins=3)


@_expected_from_model(hidden)
def under_confident_model(m):
    """300 predictions squeezed towards 0.5, 15 bins"""
    y, p = _model(4, 300, skew=0.4)
    return m.calibration_ece(y, p, n_bins=15)


@_expected_from_model(hidden)
def dyadic_edges_with_many_samples(m):
    """1000 predictions rounded to multiples of 1/16 with 16 bins: lots of samples on edges, 0 and 1"""
    y, p = _model(5, 1000, skew=1.5)
    return m.calibration_ece(y, np.round(p * 16) / 16, n_bins=16)


@_expected_from_model(hidden)
def larger_random_problem(m):
    """5000 predictions, 10 bins"""
    y, p = _model(6, 5000, skew=1.3)
    return m.calibration_ece(y, p)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    y, p = _model(7, 30)
    m.calibration_ece(y, p, n_bins=5)
    return y, p


# Independent checks of the reference itself (plain pytest only).
def test_matches_sklearn_calibration_curve(solution):
    from sklearn.calibration import calibration_curve

    # sklearn drops empty bins and uses right-closed inner edges, so compare on data with no edge values.
    y, p = _model(6, 5000, skew=1.3)
    frac, mean = calibration_curve(y, p, n_bins=10, strategy="uniform")
    got = solution.calibration_ece(y, p)
    filled = got["count"] > 0
    np.testing.assert_allclose(got["fraction_positive"][filled], frac, rtol=1e-12)
    np.testing.assert_allclose(got["mean_predicted"][filled], mean, rtol=1e-12)


def test_against_explicit_loop(solution):
    y, p = _model(5, 1000, skew=1.5)
    p = np.round(p * 16) / 16
    got = solution.calibration_ece(y, p, n_bins=16)
    ece, gaps = 0.0, []
    for b in range(16):
        lo, hi = b / 16, (b + 1) / 16
        inside = (p >= lo) & ((p < hi) if b < 15 else (p <= 1.0))
        assert got["count"][b] == inside.sum()
        if inside.any():
            gap = abs(y[inside].mean() - p[inside].mean())
            gaps.append(gap)
            ece += inside.sum() / len(p) * gap
    assert abs(got["ece"] - ece) < 1e-12 and abs(got["mce"] - max(gaps)) < 1e-12
