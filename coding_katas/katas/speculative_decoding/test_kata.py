import random

import numpy as np

from coding_katas.scenarios import hidden, sample

EXACT = {"kind": "exact"}
# The small scenarios are worked by hand (the prompt's example among them). gamma = 0 is checked against
# plain ancestral sampling from the target, and the others against _rounds, a second implementation that
# keeps the draws of a round in a list and replays them. test_output_follows_the_target_distribution checks
# the defining property on 20,000 runs.


class _Script:
    """A fake rng returning given values in order; it fails loudly when asked for one draw too many."""

    def __init__(self, values):
        self.values, self.used = list(values), 0

    def random(self):
        if self.used == len(self.values):
            raise RuntimeError("drew more random numbers than the algorithm needs")
        self.used += 1
        return self.values[self.used - 1]


def _constant(dist):
    d = np.array(dist)
    return lambda tokens: d.copy()


def _toy_models(V, seed):
    """Target and draft: softmax of a table indexed by the last token and the length, the draft a blurred copy."""
    rng = np.random.default_rng(seed)
    table, position = rng.normal(size=(V + 1, V)) * 2, rng.normal(size=(3, V))

    def logits(tokens):
        return table[tokens[-1] if tokens else V] + position[len(tokens) % 3]

    def target(tokens):
        z = logits(tokens)
        e = np.exp(z - z.max())
        return e / e.sum()

    def draft(tokens):
        z = 0.6 * logits(tokens) + 0.4 * table[(tokens[-1] + 1) % V if tokens else 0]
        e = np.exp(z - z.max())
        return e / e.sum()

    return draft, target


def _inverse_cdf(d, u):
    c = np.cumsum(d)
    for j in range(len(d)):
        if u < c[j]:
            return j
    return max(j for j in range(len(d)) if d[j] > 0)


def _rounds(prompt, draft, target, gamma, max_new, rng, eos_id=None):
    tokens, accepted, rounds, drafted = [], [], 0, 0
    while len(tokens) < max_new:
        k = min(gamma, max_new - len(tokens) - 1)
        ctx, xs, qs = list(prompt) + tokens, [], []
        for _ in range(k):
            qs.append(draft(ctx + xs))
            xs.append(_inverse_cdf(qs[-1], rng.random()))
        drafted += k
        ps = [target(ctx + xs[:i]) for i in range(k + 1)]
        rounds += 1
        emitted = []
        for i in range(k + 1):
            if i == k:
                emitted.append(_inverse_cdf(ps[k], rng.random()))
                break
            if rng.random() < ps[i][xs[i]] / qs[i][xs[i]]:
                emitted.append(xs[i])
            else:
                res = np.clip(ps[i] - qs[i], 0.0, None)
                emitted.append(_inverse_cdf(res / res.sum(), rng.random()))
                break
        accepted.append(len(emitted) - 1)
        for t in emitted:
            tokens.append(t)
            if t == eos_id:
                return {"tokens": tokens, "accepted": accepted, "target_calls": rounds, "draft_calls": drafted}
    return {"tokens": tokens, "accepted": accepted, "target_calls": rounds, "draft_calls": drafted}


def _with_draws(result, rng):
    return [result, rng.used]


@sample(comparator=EXACT,
        expected=[{"tokens": [2, 2, 2], "accepted": [1, 0], "target_calls": 2, "draft_calls": 2}, 6])
def prompt_example(m):
    """q = [.2, .3, .5], p = [.1, .2, .7], gamma 2, 3 tokens, draws .9 .1 .9 .6 .3 .95: result and draws used"""
    rng = _Script([0.9, 0.1, 0.9, 0.6, 0.3, 0.95])
    out = m.speculative_generate([0], _constant([0.2, 0.3, 0.5]), _constant([0.1, 0.2, 0.7]), 2, 3, rng)
    return _with_draws(out, rng)


@sample(comparator=EXACT,
        expected=[{"tokens": [2, 0, 1, 1], "accepted": [2, 0], "target_calls": 2, "draft_calls": 2}, 6])
def all_drafts_accepted_then_bonus(m):
    """draft = target = [.3, .3, .4], gamma 2, 4 tokens: drafts .8 -> 2 and .1 -> 0 are accepted (p / q = 1),
    bonus .45 -> 1; then k = min(2, 4 - 3 - 1) = 0 and one target token .5 -> 1"""
    rng = _Script([0.8, 0.1, 0.99, 0.98, 0.45, 0.5])
    out = m.speculative_generate([], _constant([0.3, 0.3, 0.4]), _constant([0.3, 0.3, 0.4]), 2, 4, rng)
    return _with_draws(out, rng)


@sample(comparator=EXACT,
        expected=[{"tokens": [2, 0], "accepted": [0, 0], "target_calls": 2, "draft_calls": 1}, 4])
def zero_target_probability_always_rejects(m):
    """q = [.5, .5, 0], p = [.5, 0, .5], gamma 1, 2 tokens: draft .7 -> 1 has p = 0, so r = .01 rejects it; residual
    [0, 0, .5] -> token 2 (u = .2); then k = 0 and u = .3 -> token 0 from p"""
    rng = _Script([0.7, 0.01, 0.2, 0.3])
    out = m.speculative_generate([], _constant([0.5, 0.5, 0.0]), _constant([0.5, 0.0, 0.5]), 1, 2, rng)
    return _with_draws(out, rng)


DRAFT, TARGET = _toy_models(6, 1)


def _ancestral(prompt, target, n, rng):
    tokens = []
    for _ in range(n):
        tokens.append(_inverse_cdf(target(list(prompt) + tokens), rng.random()))
    return {"tokens": tokens, "accepted": [0] * n, "target_calls": n, "draft_calls": 0}


@hidden(comparator=EXACT, expected=_ancestral([3], TARGET, 8, random.Random(1)))
def gamma_zero_is_plain_sampling(m):
    """toy models over 6 tokens, gamma 0, 8 tokens from random.Random(1): one target call and one draw per token"""
    return m.speculative_generate([3], DRAFT, TARGET, 0, 8, random.Random(1))


@hidden(comparator=EXACT, expected=_rounds([1, 4], DRAFT, TARGET, 3, 12, random.Random(2)))
def toy_models_gamma_three(m):
    """toy models, prompt [1, 4], gamma 3, 12 tokens, random.Random(2)"""
    return m.speculative_generate([1, 4], DRAFT, TARGET, 3, 12, random.Random(2))


@hidden(comparator=EXACT, expected=[_rounds([], DRAFT, TARGET, 4, 40, random.Random(s), eos_id=5) for s in (3, 4, 5)])
def stops_after_eos(m):
    """toy models, gamma 4, up to 40 tokens, eos_id 5, three seeds: output ends at the first 5"""
    return [m.speculative_generate([], DRAFT, TARGET, 4, 40, random.Random(s), eos_id=5) for s in (3, 4, 5)]


@hidden(comparator=EXACT, expected=_rounds([2], TARGET, TARGET, 5, 17, random.Random(6)))
def draft_equal_to_target(m):
    """the target as its own draft, gamma 5, 17 tokens: every draft is accepted"""
    return m.speculative_generate([2], TARGET, TARGET, 5, 17, random.Random(6))


@hidden(comparator=EXACT, expected=[_rounds([0], DRAFT, TARGET, 3, 1, random.Random(7)),
                                    _rounds([0], DRAFT, TARGET, 1, 9, random.Random(8))])
def one_token_and_gamma_one(m):
    """max_new_tokens 1 (no drafting at all), and gamma 1 for 9 tokens"""
    return [m.speculative_generate([0], DRAFT, TARGET, 3, 1, random.Random(7)),
            m.speculative_generate([0], DRAFT, TARGET, 1, 9, random.Random(8))]


@hidden(comparator=EXACT, expected=[4, 1, 1])
def prompt_not_modified(m):
    """the prompt list is unchanged after generating 5 tokens from it"""
    prompt = [4, 1, 1]
    m.speculative_generate(prompt, DRAFT, TARGET, 2, 5, random.Random(9))
    return prompt


# Independent checks of the reference itself (plain pytest only).
def test_output_follows_the_target_distribution(solution):
    """The first two generated tokens of speculative decoding are distributed as under the target alone."""
    draft, target = _toy_models(4, 11)
    counts = np.zeros((4, 4))
    runs = 20_000
    rng = random.Random(12)
    for _ in range(runs):
        t = solution.speculative_generate([1], draft, target, 3, 2, rng)["tokens"]
        counts[t[0], t[1]] += 1
    p0 = target([1])
    exact = np.array([[p0[a] * target([1, a])[b] for b in range(4)] for a in range(4)])
    assert np.abs(counts / runs - exact).max() < 0.015
