import random

from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


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


def _scripted(m, draft_tokens, q, p, draws):
    rng = ScriptedRng(draws)
    tokens = m.speculative_accept(np.array(draft_tokens, dtype=int), np.array(q, dtype=float), np.array(p, dtype=float), rng)
    return {"tokens": [int(t) for t in tokens], "draws": rng.calls}


def _random_case(rng, k, vocab, concentration=1.0):
    q = rng.dirichlet(np.full(vocab, concentration), size=k)
    p = rng.dirichlet(np.full(vocab, concentration), size=k + 1)
    drafts = np.array([rng.choice(vocab, p=row) for row in q], dtype=int)
    return drafts, q, p


def _spec_accept(draft_tokens, q, p, rng):
    """Independent model: the prompt's loop with Python floats and a running-sum inverse CDF."""

    def inverse_cdf(d, u):
        running = 0.0
        for j, dj in enumerate(d):
            running += dj
            if u < running:
                return j
        return max(j for j, dj in enumerate(d) if dj > 0)

    out = []
    for i, x in enumerate(int(t) for t in draft_tokens):
        r = rng.random()
        if r < p[i][x] / q[i][x]:
            out.append(x)
            continue
        residual = [max(0.0, float(a) - float(b)) for a, b in zip(p[i], q[i], strict=True)]
        total = sum(residual)
        return out + [inverse_cdf([v / total for v in residual], rng.random())]
    return out + [inverse_cdf([float(v) for v in p[len(out)]], rng.random())]


_MODEL = SimpleNamespace(speculative_accept=_spec_accept)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


EX_Q = [[0.2, 0.3, 0.5], [0.6, 0.2, 0.2]]
EX_P = [[0.1, 0.2, 0.7], [0.3, 0.6, 0.1], [0.2, 0.2, 0.6]]


@sample(expected={"tokens": [2, 0, 2], "draws": 3})
def example_all_accepted_plus_bonus(m):
    """the prompt's example: drafts [2, 0], draws 0.9, 0.3, 0.5"""
    return _scripted(m, [2, 0], EX_Q, EX_P, [0.9, 0.3, 0.5])


@sample(expected={"tokens": [2, 1], "draws": 3})
def example_second_draft_rejected(m):
    """the same inputs with draws 0.9, 0.6, 0.5: x_1 is rejected, the residual is [0, 1, 0]"""
    return _scripted(m, [2, 0], EX_Q, EX_P, [0.9, 0.6, 0.5])


@sample(expected={"tokens": [2], "draws": 1})
def no_drafts_only_bonus(m):
    """k = 0, p = [[0.1, 0.3, 0.2, 0.4]], one draw 0.45 (cumulative 0.1, 0.4, 0.6, 1.0)"""
    return _scripted(m, [], np.zeros((0, 4)), [[0.1, 0.3, 0.2, 0.4]], [0.45])


@hidden(expected={"tokens": [3], "draws": 2})
def draw_equal_to_ratio_is_rejected(m):
    """p/q = 0.25/0.5 and r = 0.5 exactly; the residual is [0.75, 0, 0, 0.25] and u = 0.75 exactly"""
    q = [[0.125, 0.375, 0.5, 0.0]]
    p = [[0.5, 0.125, 0.25, 0.125], [0.25, 0.25, 0.25, 0.25]]
    return _scripted(m, [2], q, p, [0.5, 0.75])


@hidden(expected={"tokens": [1, 0], "draws": 3})
def zero_target_probability_always_rejects(m):
    """x_1 has target probability 0 and the draw is 0.0: still rejected"""
    q = [[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]]
    p = [[0.4, 0.6, 0.0], [0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3]]
    return _scripted(m, [1, 2], q, p, [0.7, 0.0, 0.3])


@hidden(expected={"tokens": [2], "draws": 2})
def residual_skips_tokens_where_q_exceeds_p(m):
    """first draft rejected; residual [0, 0.1, 0.1, 0] normalised to [0, 0.5, 0.5, 0]; u = 0.6"""
    q = [[0.4, 0.1, 0.1, 0.4], [0.25] * 4]
    p = [[0.35, 0.2, 0.2, 0.25], [0.25] * 4, [0.25] * 4]
    return _scripted(m, [3, 0], q, p, [0.99, 0.6, 0.1, 0.1])


@hidden(expected={"tokens": [0, 0, 0, 0, 9], "draws": 5})
def cumulative_sum_just_below_one(m):
    """all four drafts accepted; the bonus row is ten 0.1s then two zeros, u = 1 - 2**-53"""
    q = np.full((4, 12), 1 / 12)
    p = np.vstack([np.full((4, 12), 1 / 12), [0.1] * 10 + [0.0, 0.0]])
    return _scripted(m, [0, 0, 0, 0], q, p, [0.1, 0.2, 0.3, 0.4, 1 - 2.0 ** -53])


@hidden(expected=[{"tokens": [1], "draws": 1}, {"tokens": [2], "draws": 1}])
def zero_probability_token_is_never_sampled(m):
    """k = 0, p = [[0, 0.5, 0.5]]: draw 0.0 must give token 1 (not 0), draw 0.5 gives token 2"""
    p = [[0.0, 0.5, 0.5]]
    return [_scripted(m, [], np.zeros((0, 3)), p, [0.0]), _scripted(m, [], np.zeros((0, 3)), p, [0.5])]


@_expected_from_model(hidden)
def equal_distributions_accept_everything(m):
    """p = q at every draft position: 20 calls on one Generator, every draft accepted"""
    rng = np.random.default_rng(1)
    out = []
    for _ in range(20):
        drafts, q, p = _random_case(rng, 5, 8)
        p[:5] = q
        out.append([int(t) for t in m.speculative_accept(drafts, q, p, rng)])
    return out


@_expected_from_model(hidden)
def a_draw_for_every_examined_draft(m):
    """peaked target rows (p >= q on most drafts): 50 calls sharing one Generator"""
    rng = np.random.default_rng(2)
    out = []
    for _ in range(50):
        drafts, q, p = _random_case(rng, 5, 6)
        for i, x in enumerate(drafts):
            p[i] = 0.5 * p[i] + 0.5 * np.eye(6)[x]
        out.append([int(t) for t in m.speculative_accept(drafts, q, p, rng)])
    return out


@_expected_from_model(hidden)
def python_random_generator(m):
    """random.Random(3) as the rng: 30 calls with k = 3, V = 5"""
    cases = np.random.default_rng(3)
    rng = random.Random(3)
    return [[int(t) for t in m.speculative_accept(*_random_case(cases, 3, 5), rng)] for _ in range(30)]


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    """call on a rejection path, then return the drafts, q and p"""
    drafts, q, p = np.array([1, 2]), np.array([[0.1, 0.8, 0.1], [0.2, 0.2, 0.6]]), np.array([[0.5, 0.1, 0.4]] * 3)
    m.speculative_accept(drafts, q, p, ScriptedRng([0.5, 0.5]))
    return [drafts, q, p]


@_expected_from_model(hidden)
def many_random_calls(m):
    """300 calls with k = 4, V = 20, drafts and draws from one Generator"""
    rng = np.random.default_rng(4)
    return [[int(t) for t in m.speculative_accept(*_random_case(rng, 4, 20, 0.5), rng)] for _ in range(300)]


# Independent checks of the reference itself (plain pytest only).
def test_output_tokens_follow_the_target_distribution(solution):
    from scipy.stats import chisquare

    rng = np.random.default_rng(10)
    vocab, trials = 5, 20_000
    q = np.array([[0.5, 0.2, 0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.2, 0.5]])
    p = np.array([[0.1, 0.1, 0.2, 0.3, 0.3], [0.3, 0.3, 0.2, 0.1, 0.1], [0.2] * 5])
    first, second = np.zeros(vocab), np.zeros(vocab)
    for _ in range(trials):
        drafts = np.array([rng.choice(vocab, p=q[0]), rng.choice(vocab, p=q[1])])
        out = solution.speculative_accept(drafts, q, p, rng)
        first[out[0]] += 1
        if len(out) > 1:
            second[out[1]] += 1
    # Whatever the draft proposed, the first token is a sample from p[0] and the second from p[1].
    assert chisquare(first, p[0] * first.sum()).pvalue > 1e-4
    assert chisquare(second, p[1] * second.sum()).pvalue > 1e-4


def test_matches_a_plain_loop(solution):
    rng = np.random.default_rng(11)
    for _ in range(200):
        k, vocab = int(rng.integers(0, 6)), int(rng.integers(2, 9))
        drafts, q, p = _random_case(rng, k, vocab)
        draws = rng.random(k + 1).tolist()
        expected, used = [], 0
        for i in range(k):
            r = draws[used]
            used += 1
            x = int(drafts[i])
            if r * q[i, x] < p[i, x]:
                expected.append(x)
                continue
            d = [max(0.0, a - b) for a, b in zip(p[i], q[i], strict=True)]
            d = [v / sum(d) for v in d]
            break
        else:
            d = list(p[k])
        u, total, pick = draws[used], 0.0, None
        for j, v in enumerate(d):
            total += v
            if u < total:
                pick = j
                break
        if pick is None:
            pick = max(j for j, v in enumerate(d) if v > 0)
        expected.append(pick)
        assert solution.speculative_accept(drafts, q, p, ScriptedRng(draws)) == expected
