import math

import numpy as np

from coding_katas.scenarios import hidden, sample

EXACT = {"kind": "exact"}
# Small cases use probabilities that are powers of two, worked by hand. Random cases use _by_rank, a
# loop over tokens ranked with Python's sorted() that applies the same rules one token at a time.
# test_matches_hf_warpers checks the reference against torch code written like Hugging Face's warpers.


def _by_rank(logits, temperature=1.0, top_k=0, top_p=1.0, min_p=0.0):
    n = len(logits)
    if temperature == 0:
        best = max(range(n), key=lambda i: (logits[i], -i))
        return np.array([1.0 if i == best else 0.0 for i in range(n)])
    scaled = [x / temperature for x in logits]
    top = max(scaled)
    weights = [math.exp(x - top) for x in scaled]
    total = math.fsum(weights)
    probs = [w / total for w in weights]
    alive = set(range(n))
    if 0 < top_k < n:
        kth = sorted(probs, reverse=True)[top_k - 1]
        alive = {i for i in alive if probs[i] >= kth}
    if top_p < 1.0:
        mass = math.fsum(probs[i] for i in alive)
        kept, running = set(), 0.0
        for i in sorted(alive, key=lambda i: (-probs[i], i)):
            kept.add(i)
            running += probs[i] / mass
            if running >= top_p:
                break
        alive = kept
    if min_p > 0:
        cut = min_p * max(probs[i] for i in alive)
        alive = {i for i in alive if probs[i] >= cut}
    mass = math.fsum(probs[i] for i in alive)
    return np.array([probs[i] / mass if i in alive else 0.0 for i in range(n)])


QUARTERS = np.log(np.array([0.5, 0.25, 0.125, 0.125]))


@sample(expected=[np.array([2 / 3, 1 / 3, 0.0, 0.0]), np.array([0.5, 0.25, 0.125, 0.125]),
                  np.array([2 / 3, 1 / 3, 0.0, 0.0])])
def prompt_filters(m):
    """probabilities [1/2, 1/4, 1/8, 1/8]: top_p 0.7, top_k 3 (tie kept), min_p 0.3"""
    return [m.sampling_distribution(QUARTERS, top_p=0.7), m.sampling_distribution(QUARTERS, top_k=3),
            m.sampling_distribution(QUARTERS, min_p=0.3)]


@sample(comparator=EXACT, expected=[1, 0, 0, 3, 2, 1])
def prompt_draws(m):
    """c = [.5, .75, .875, 1]: u = 0.6, u = 0.99 greedy, u = 0.0, u = 0.9999, u = 0.8; u = 0.9 with top_p 0.7"""
    return [m.sample_token(QUARTERS, 0.6), m.sample_token(QUARTERS, 0.99, temperature=0), m.sample_token(QUARTERS, 0.0),
            m.sample_token(QUARTERS, 0.9999), m.sample_token(QUARTERS, 0.8), m.sample_token(QUARTERS, 0.9, top_p=0.7)]


@sample(expected=[np.array([0.0, 1.0, 0.0, 0.0, 0.0]), _by_rank([1.0, 2.0, 0.5, 2.0, -1.0], temperature=2.0)])
def greedy_ties_and_temperature(m):
    """temperature 0 on [1, 3, 3, 0, 3] picks index 1; temperature 2 on [1, 2, .5, 2, -1] flattens"""
    return [m.sampling_distribution(np.array([1.0, 3.0, 3.0, 0.0, 3.0]), temperature=0),
            m.sampling_distribution(np.array([1.0, 2.0, 0.5, 2.0, -1.0]), temperature=2.0)]


EIGHTHS = np.log(np.array([0.25, 0.125, 0.25, 0.125, 0.25]))


@hidden(expected=[np.array([1 / 3, 0.0, 1 / 3, 0.0, 1 / 3]), np.array([0.5, 0.0, 0.5, 0.0, 0.0]),
                  np.array([1.0, 0.0, 0.0, 0.0, 0.0])])
def equal_probabilities_at_the_top_p_cut(m):
    """[1/4, 1/8, 1/4, 1/8, 1/4]: top_p 0.7 keeps the three quarters, 0.45 indices 0 and 2, 0.2 index 0 only"""
    return [m.sampling_distribution(EIGHTHS, top_p=0.7), m.sampling_distribution(EIGHTHS, top_p=0.45),
            m.sampling_distribution(EIGHTHS, top_p=0.2)]


@hidden(expected=[np.array([1.0, 0.0, 0.0, 0.0]), np.array([0.5, 0.0, 0.5, 0.0, 0.0])])
def top_k_before_top_p(m):
    """QUARTERS with top_k 2 then top_p 0.6: after top-k, 2/3 >= 0.6 keeps token 0 alone (top-p first would keep
    two); [1/3, 1/6, 1/3, 1/12, 1/12] with top_k 3 and top_p 0.6 keeps indices 0 and 2"""
    return [m.sampling_distribution(QUARTERS, top_k=2, top_p=0.6),
            m.sampling_distribution(np.log(np.array([4.0, 2.0, 4.0, 1.0, 1.0])), top_k=3, top_p=0.6)]


RAND = np.random.default_rng(1).normal(size=50) * 2


@hidden(expected=[_by_rank(list(RAND), 0.7, 20, 0.9, 0.05), _by_rank(list(RAND), 1.3, 0, 0.5, 0.0),
                  _by_rank(list(RAND), 1.0, 5, 1.0, 0.2)])
def all_filters_on_fifty_logits(m):
    """50 random logits: (T .7, k 20, p .9, min_p .05), (T 1.3, p .5), (k 5, min_p .2)"""
    return [m.sampling_distribution(RAND, 0.7, 20, 0.9, 0.05), m.sampling_distribution(RAND, 1.3, 0, 0.5),
            m.sampling_distribution(RAND, 1.0, 5, 1.0, 0.2)]


@hidden(expected=_by_rank([2.0, 1.9999, -1.0, 2.0], temperature=1e-4))
def tiny_temperature(m):
    """logits [2, 1.9999, -1, 2] at temperature 1e-4: scaled logits ~2e4 must not overflow"""
    return m.sampling_distribution(np.array([2.0, 1.9999, -1.0, 2.0]), temperature=1e-4)


def _draw_all(sampler, logits, us, **kw):
    return [sampler(logits, u, **kw) for u in us]


def _inverse_cdf(d, u):
    c = np.cumsum(d)
    hits = [j for j in range(len(d)) if u < c[j]]
    return hits[0] if hits else max(j for j in range(len(d)) if d[j] > 0)


US = [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999999]


@hidden(comparator=EXACT, expected=[_inverse_cdf(_by_rank(list(RAND), 0.8, 10, 0.8, 0.0), u) for u in US])
def draws_never_pick_removed_tokens(m):
    """seven draws from the fifty logits with T 0.8, k 10, p 0.8"""
    return _draw_all(m.sample_token, RAND, US, temperature=0.8, top_k=10, top_p=0.8)


@hidden(expected=[QUARTERS.copy(), RAND.copy()])
def logits_not_modified(m):
    a, b = QUARTERS.copy(), RAND.copy()
    m.sampling_distribution(a, 0.5, 2, 0.8, 0.1)
    m.sample_token(b, 0.3, 0.9, 5, 0.9, 0.1)
    return [a, b]


# Independent checks of the reference itself (plain pytest only).
def test_matches_hf_warpers(solution):
    import torch

    rng = np.random.default_rng(7)
    for _ in range(20):
        logits = rng.normal(size=64) * 3
        T, k, p, mp = 0.9, 16, 0.85, 0.02
        s = torch.tensor(logits) / T
        s = s.masked_fill(s < torch.topk(s, k)[0][-1], -float("inf"))  # TopKLogitsWarper
        sorted_logits, sorted_idx = torch.sort(s, descending=False)  # TopPLogitsWarper
        remove_sorted = sorted_logits.softmax(-1).cumsum(-1) <= (1 - p)
        remove_sorted[-1] = False
        s = s.masked_fill(remove_sorted.scatter(0, sorted_idx, remove_sorted), -float("inf"))
        probs = s.softmax(-1)  # MinPLogitsWarper
        s = s.masked_fill(probs < mp * probs.max(), -float("inf"))
        np.testing.assert_allclose(solution.sampling_distribution(logits, T, k, p, mp), s.softmax(-1).numpy(),
                                   rtol=1e-10, atol=1e-14)
