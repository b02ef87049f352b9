import random

from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

INF = np.inf


class ScriptedRng:
    """A fake rng whose random() returns the given values in order and counts the calls."""

    def __init__(self, values):
        self.values, self.calls = list(values), 0

    def random(self):
        if self.calls >= len(self.values):
            raise RuntimeError(f"rng.random() called more than the {len(self.values)} time(s) this scenario expects")
        value = self.values[self.calls]
        self.calls += 1
        return value


def _row_sampler(logits, temperature, rng):
    """Independent model: rows in C order, greedy by a first-maximum scan, otherwise one draw and a running
    Python sum over the max-shifted exponentials."""
    import math

    if temperature < 0:
        raise ValueError("negative temperature")
    rows = np.asarray(logits, dtype=float).reshape(-1, np.shape(logits)[-1])
    out = []
    for row in rows.tolist():
        if temperature == 0:
            out.append(max(range(len(row)), key=lambda j: (row[j], -j)))
            continue
        u = rng.random()
        top = max(row)
        e = [math.exp((v - top) / temperature) if v != -math.inf else 0.0 for v in row]
        total, running, pick = sum(e), 0.0, None
        for j, ej in enumerate(e):
            running += ej / total
            if u < running:
                pick = j
                break
        out.append(pick if pick is not None else max(j for j, ej in enumerate(e) if ej > 0))
    return np.array(out, dtype=np.int64).reshape(np.shape(logits)[:-1])


_MODEL = SimpleNamespace(sample_with_temperature=_row_sampler)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _scripted(m, logits, temperature, draws):
    rng = ScriptedRng(draws)
    tokens = m.sample_with_temperature(np.asarray(logits, dtype=float), temperature, rng)
    return {"tokens": np.asarray(tokens).tolist(), "draws": rng.calls}


def _tokens(result):
    return np.asarray(result).tolist()


@sample(expected={"tokens": [0, 1, 2, 3], "draws": 4})
def uniform_rows_and_a_boundary_draw(m):
    """four uniform rows of 4 logits, temperature 1, draws 0.1, 0.25, 0.6, 0.99"""
    return _scripted(m, np.zeros((4, 4)), 1.0, [0.1, 0.25, 0.6, 0.99])


@sample(expected={"tokens": [1, 1], "draws": 0})
def zero_temperature_is_greedy(m):
    """logits [[1, 3, 3], [-inf, 0, -1]], temperature 0: lowest index among ties, no draws"""
    return _scripted(m, [[1.0, 3.0, 3.0], [-INF, 0.0, -1.0]], 0.0, [])


@sample(expected={"tokens": 1, "draws": 1})
def one_dimensional_logits(m):
    """logits log([0.2, 0.3, 0.5]), temperature 1, draw 0.45"""
    return _scripted(m, np.log([0.2, 0.3, 0.5]), 1.0, [0.45])


@hidden(expected={"tokens": [0, 1, 1, 2, 2], "draws": 5})
def temperature_sharpens(m):
    """five copies of log([0.2, 0.3, 0.5]) at temperature 0.5, draws 0.1, 0.2, 0.3, 0.5, 0.7"""
    return _scripted(m, np.tile(np.log([0.2, 0.3, 0.5]), (5, 1)), 0.5, [0.1, 0.2, 0.3, 0.5, 0.7])


@hidden(expected={"tokens": [1, 2, 2], "draws": 3})
def banned_tokens_are_never_sampled(m):
    """three rows [-inf, 0, 0, -inf], draws 0.0, 0.5 (a boundary) and 0.999999"""
    return _scripted(m, np.tile([-INF, 0.0, 0.0, -INF], (3, 1)), 1.0, [0.0, 0.5, 0.999999])


@hidden(expected={"tokens": 9, "draws": 1})
def cumulative_sum_just_below_one(m):
    """ten equal logits then two -inf; the cumulative sum ends at 1 - 2**-53 and so does the draw"""
    return _scripted(m, [0.0] * 10 + [-INF, -INF], 1.0, [1 - 2.0 ** -53])


@_expected_from_model(hidden)
def zero_temperature_leaves_the_rng_alone(m):
    """one Generator: a greedy call on (3, 6) logits, then a sampling call on (4, 6) logits"""
    rng = np.random.default_rng(1)
    logits = np.random.default_rng(2).normal(size=(7, 6))
    return [_tokens(m.sample_with_temperature(logits[:3], 0.0, rng)),
            _tokens(m.sample_with_temperature(logits[3:], 1.0, rng))]


@_expected_from_model(hidden)
def tiny_temperature_is_stable(m):
    """temperature 1e-6 on (20, 50) logits scaled by 100: exp must not overflow, the argmax wins"""
    logits = np.random.default_rng(3).normal(size=(20, 50)) * 100
    return _tokens(m.sample_with_temperature(logits, 1e-6, np.random.default_rng(4)))


@_expected_from_model(hidden)
def huge_temperature_is_nearly_uniform(m):
    """temperature 1e4 on (200, 10) logits"""
    logits = np.random.default_rng(5).normal(size=(200, 10))
    return _tokens(m.sample_with_temperature(logits, 1e4, np.random.default_rng(6)))


@_expected_from_model(hidden)
def three_dimensional_rows_in_c_order(m):
    """logits (2, 3, 5) with six scripted draws, temperature 0.7"""
    logits = np.random.default_rng(7).normal(size=(2, 3, 5))
    return _scripted(m, logits, 0.7, [0.05, 0.95, 0.5, 0.3, 0.7, 0.15])


@_expected_from_model(hidden)
def python_random_as_rng(m):
    """random.Random(8) as the rng, (50, 20) logits, temperature 1.3"""
    logits = np.random.default_rng(9).normal(size=(50, 20)) * 2
    return _tokens(m.sample_with_temperature(logits, 1.3, random.Random(8)))


@hidden(expected="ValueError")
def negative_temperature_raises(m):
    try:
        m.sample_with_temperature(np.zeros(3), -0.5, ScriptedRng([0.5]))
    except ValueError:
        return "ValueError"
    return "no error"


@_expected_from_model(hidden)
def input_is_not_modified(m):
    """sample at temperature 0.5, then return the logits"""
    logits = np.random.default_rng(10).normal(size=(3, 7))
    logits[0, 2] = -INF
    m.sample_with_temperature(logits, 0.5, np.random.default_rng(11))
    return logits


@_expected_from_model(hidden)
def large_batch(m):
    """(500, 1000) logits, temperature 0.8"""
    logits = np.random.default_rng(12).normal(size=(500, 1000)) * 3
    return _tokens(m.sample_with_temperature(logits, 0.8, np.random.default_rng(13)))


# Independent checks of the reference itself (plain pytest only).
def test_frequencies_match_the_tempered_softmax(solution):
    from scipy.stats import chisquare

    logits = np.array([0.5, -1.0, 2.0, 0.0, 1.0])
    for temperature in (0.5, 1.0, 3.0):
        tokens = solution.sample_with_temperature(np.tile(logits, (20_000, 1)), temperature, np.random.default_rng(14))
        probs = np.exp(logits / temperature) / np.exp(logits / temperature).sum()
        counts = np.bincount(tokens, minlength=5)
        assert chisquare(counts, probs * counts.sum()).pvalue > 1e-4


def test_matches_a_plain_loop(solution):
    rng = np.random.default_rng(15)
    for _ in range(200):
        vocab = int(rng.integers(1, 12))
        logits = rng.normal(size=vocab) * rng.uniform(0.1, 5)
        logits[rng.random(vocab) < 0.2] = -np.inf
        if np.all(np.isinf(logits)):
            logits[0] = 0.0
        temperature = float(rng.choice([0.0, rng.uniform(0.05, 4)]))
        u = float(rng.random())
        if temperature == 0:
            expected = max(range(vocab), key=lambda j: (logits[j], -j))
        else:
            w = [np.exp((x - max(logits)) / temperature) for x in logits]
            total, expected = 0.0, None
            for j, x in enumerate(w):
                total += x / sum(w)
                if u < total:
                    expected = j
                    break
            if expected is None:
                expected = max(j for j, x in enumerate(w) if x > 0)
        got = solution.sample_with_temperature(logits, temperature, ScriptedRng([u]))
        assert int(got) == expected
