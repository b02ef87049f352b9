from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

INF = np.inf


def _brute_force(logits, top_k, top_p):
    """Straight from the definition: try prefixes of the probability ranking one by one."""
    out = [float(x) for x in logits]
    n = len(out)
    if 0 < top_k < n:
        t = sorted(out, reverse=True)[top_k - 1]
        out = [x if x >= t else -np.inf for x in out]
    if top_p < 1.0:
        alive = [i for i in range(n) if out[i] > -np.inf]
        mx = max(out[i] for i in alive)
        z = sum(np.exp(out[i] - mx) for i in alive)
        ranked = sorted(alive, key=lambda i: -out[i])
        total, keep = 0.0, []
        for i in ranked:
            keep.append(i)
            total += np.exp(out[i] - mx) / z
            if total >= top_p:
                break
        keep = set(keep)
        out = [out[i] if i in keep else -np.inf for i in range(n)]
    return np.array(out)


_MODEL = SimpleNamespace(top_k_top_p_filter=lambda logits, top_k=0, top_p=1.0: _brute_force(logits, top_k, top_p))


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=np.array([-INF, 4.0, -INF, 3.0, -INF]))
def top_k_only(m):
    """logits [1, 4, 2, 3, 0], top_k = 2"""
    return m.top_k_top_p_filter(np.array([1.0, 4.0, 2.0, 3.0, 0.0]), top_k=2)


@sample(expected=np.array([3.0, 2.0, 2.0, -INF]))
def top_k_keeps_ties_with_threshold(m):
    """logits [3, 2, 2, 1], top_k = 2: both 2s equal the 2nd largest value"""
    return m.top_k_top_p_filter(np.array([3.0, 2.0, 2.0, 1.0]), top_k=2)


@sample(expected=np.array([0.0, -np.log(2), -INF, -INF]))
def top_p_cumulative_exactly_equal(m):
    """logits = log(2) * [0, -1, -2, -2] (probabilities 1/2, 1/4, 1/8, 1/8), top_p = 0.75"""
    return m.top_k_top_p_filter(np.log(2) * np.array([0.0, -1.0, -2.0, -2.0]), top_p=0.75)


@_expected_from_model(hidden)
def both_filters_disabled(m):
    """default arguments return the logits unchanged"""
    return m.top_k_top_p_filter(np.random.default_rng(0).normal(size=12) * 3)


@hidden(expected=np.array([0.0, -INF, -INF]))
def top_p_first_token_reaches_it(m):
    """logits log(2) * [0, -1, -1] (probabilities 1/2, 1/4, 1/4), top_p = 0.5: the first token alone reaches it"""
    return m.top_k_top_p_filter(np.log(2) * np.array([0.0, -1.0, -1.0]), top_p=0.5)


@hidden(expected=np.array([2.0, -INF, -INF, -INF, -INF, -INF]))
def top_p_uses_renormalised_probabilities(m):
    """logits [2, 1, 0, 0, 0, 0], top_k = 2, top_p = 0.7: after top-k, token 0 alone has 0.73"""
    return m.top_k_top_p_filter(np.array([2.0, 1.0, 0.0, 0.0, 0.0, 0.0]), top_k=2, top_p=0.7)


@_expected_from_model(hidden)
def tiny_top_p_keeps_only_the_argmax(m):
    logits = np.random.default_rng(1).normal(size=20) * 2
    return m.top_k_top_p_filter(logits, top_p=1e-9)


@_expected_from_model(hidden)
def top_k_larger_than_vocabulary(m):
    """top_k = 10 on 5 logits removes nothing"""
    return m.top_k_top_p_filter(np.array([0.3, -1.2, 2.5, 0.0, 1.1]), top_k=10)


@_expected_from_model(hidden)
def top_k_one_and_top_k_n(m):
    """top_k = 1 and top_k = n on the same random logits"""
    logits = np.random.default_rng(2).normal(size=9)
    return [m.top_k_top_p_filter(logits, top_k=1), m.top_k_top_p_filter(logits, top_k=9)]


@hidden(expected=np.array([1.0, 1.0, 1.0, 1.0]))
def all_equal_logits_survive_top_k(m):
    """[1, 1, 1, 1] with top_k = 2: every entry ties with the threshold"""
    return m.top_k_top_p_filter(np.ones(4), top_k=2)


@hidden(expected=np.array([5.0, 4.0, 3.0, 3.0, -INF]))
def top_k_ties_then_top_p(m):
    """logits [5, 4, 3, 3, 1], top_k = 3 keeps both 3s; top_p = 0.99 is reached only by the last of them"""
    return m.top_k_top_p_filter(np.array([5.0, 4.0, 3.0, 3.0, 1.0]), top_k=3, top_p=0.99)


@_expected_from_model(hidden)
def unsorted_logits_keep_their_order(m):
    """40 shuffled logits, top_k = 15, top_p = 0.8"""
    logits = np.random.default_rng(3).permutation(np.linspace(-4, 4, 40) + np.random.default_rng(4).normal(size=40) * 0.01)
    return m.top_k_top_p_filter(logits, top_k=15, top_p=0.8)


@_expected_from_model(hidden)
def top_p_only_several_values(m):
    """the same 30 random logits with top_p in 0.3, 0.6, 0.9, 0.99"""
    logits = np.random.default_rng(5).normal(size=30) * 1.5
    return [m.top_k_top_p_filter(logits, top_p=p) for p in (0.3, 0.6, 0.9, 0.99)]


@_expected_from_model(hidden)
def input_is_not_modified(m):
    logits = np.random.default_rng(6).normal(size=10)
    m.top_k_top_p_filter(logits, top_k=4, top_p=0.5)
    return logits


@_expected_from_model(hidden)
def large_vocabulary(m):
    """50,000 logits, top_k = 1,000, top_p = 0.9"""
    logits = np.random.default_rng(7).normal(size=50_000) * 3
    return m.top_k_top_p_filter(logits, top_k=1000, top_p=0.9)


# Independent checks of the reference itself (plain pytest only).
def test_matches_brute_force(solution):
    rng = np.random.default_rng(8)
    for _ in range(300):
        n = int(rng.integers(1, 25))
        logits = rng.normal(size=n) * rng.uniform(0.1, 5)
        top_k = int(rng.integers(0, n + 3))
        top_p = float(rng.choice([1.0, rng.uniform(0.01, 0.999)]))
        np.testing.assert_array_equal(solution.top_k_top_p_filter(logits, top_k, top_p),
                                      _brute_force(logits, top_k, top_p))


def test_matches_torch_reference_recipe(solution):
    # The common PyTorch recipe (sort ascending, drop tokens whose cumulative mass is <= 1 - top_p).
    import torch

    rng = np.random.default_rng(9)
    for _ in range(50):
        logits = rng.normal(size=40) * 2
        top_k, top_p = int(rng.integers(1, 40)), float(rng.uniform(0.05, 0.95))
        t = torch.from_numpy(logits.copy())
        kth = torch.topk(t, top_k).values[-1]
        t = t.masked_fill(t < kth, -float("inf"))
        sorted_logits, idx = torch.sort(t, descending=False)
        cum = sorted_logits.softmax(-1).cumsum(-1)
        remove = cum <= (1 - top_p)
        remove[-1:] = False
        t = t.masked_fill(remove.scatter(0, idx, remove), -float("inf"))
        np.testing.assert_array_equal(solution.top_k_top_p_filter(logits, top_k, top_p), t.numpy())
