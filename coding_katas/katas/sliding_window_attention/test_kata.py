import math

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values come from _per_query: for each query, an explicit list of the keys it may see and a
# softmax over only those (math.exp, math.fsum), written separately from the reference's masked matrix.
# test_matches_torch_sdpa checks the reference against torch's scaled_dot_product_attention with a mask.


def _per_query(q, k, v, window=None):
    Lq, Lk = q.shape[-2], k.shape[-2]
    out = np.zeros(q.shape[:-1] + (v.shape[-1],))
    for lead in np.ndindex(q.shape[:-2]):
        for i in range(Lq):
            p = Lk - Lq + i
            first = 0 if window is None else max(0, p - window + 1)
            keys = range(first, p + 1)
            s = [float(q[lead + (i,)] @ k[lead + (j,)]) / math.sqrt(q.shape[-1]) for j in keys]
            top = max(s)
            z = math.fsum(math.exp(x - top) for x in s)
            for j, x in zip(keys, s, strict=True):
                out[lead + (i,)] += math.exp(x - top) / z * v[lead + (j,)]
    return out


def _qkv(seed, lead, Lq, Lk, d, dv, scale=1.0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=lead + (Lq, d)) * scale, rng.normal(size=lead + (Lk, d)) * scale,
            rng.normal(size=lead + (Lk, dv)))


V4 = np.array([[1.0], [2.0], [3.0], [4.0]])


@sample(expected=np.array([[1.0], [1.5], [2.5], [3.5]]))
def prompt_example_window_two(m):
    """zero q and k (uniform weights), v = [1, 2, 3, 4], window 2"""
    return m.sliding_window_attention(np.zeros((4, 2)), np.zeros((4, 2)), V4, window=2)


@sample(expected=np.array([[3.0]]))
def one_decoding_query(m):
    """the last query only (position 3) against 4 keys, window 3: keys 1, 2, 3"""
    return m.sliding_window_attention(np.zeros((1, 2)), np.zeros((4, 2)), V4, window=3)


CASE_HEADS = _qkv(1, (2, 3), 7, 7, 4, 5)


@sample(expected=_per_query(*CASE_HEADS, window=3))
def heads_window_three(m):
    """batch 2, 3 heads, L = 7, d = 4, dv = 5, window 3"""
    return m.sliding_window_attention(*CASE_HEADS, window=3)


@hidden(expected=CASE_HEADS[2].copy())
def window_one_is_identity_on_v(m):
    """window 1: each query sees only its own position, so the output is v itself"""
    return m.sliding_window_attention(*CASE_HEADS, window=1)


@hidden(expected=[_per_query(*CASE_HEADS), _per_query(*CASE_HEADS)])
def long_window_equals_causal(m):
    """window 50 > L and window None both give plain causal attention"""
    return [m.sliding_window_attention(*CASE_HEADS, window=50), m.sliding_window_attention(*CASE_HEADS)]


CASE_DECODE = _qkv(2, (2,), 3, 10, 6, 3)


@hidden(expected=_per_query(*CASE_DECODE, window=4))
def three_queries_against_ten_keys(m):
    """Lq = 3 (positions 7, 8, 9) against Lk = 10, window 4"""
    return m.sliding_window_attention(*CASE_DECODE, window=4)


CASE_BIG = _qkv(3, (1,), 6, 6, 8, 2, scale=25.0)


@hidden(expected=_per_query(*CASE_BIG, window=4))
def large_scores(m):
    """q and k entries ~25: scores in the thousands must not overflow"""
    return m.sliding_window_attention(*CASE_BIG, window=4)


CASE_LONG = _qkv(4, (), 40, 40, 3, 2)


@hidden(expected=_per_query(*CASE_LONG, window=5))
def forty_positions_no_batch_axes(m):
    """q, k, v 2-D (L = 40), window 5"""
    return m.sliding_window_attention(*CASE_LONG, window=5)


@hidden(expected=[a.copy() for a in _qkv(5, (2,), 2, 5, 3, 3)])
def inputs_not_modified(m):
    q, k, v = _qkv(5, (2,), 2, 5, 3, 3)
    m.sliding_window_attention(q, k, v, window=2)
    return [q, k, v]


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_sdpa(solution):
    import torch

    q, k, v = _qkv(9, (2, 4), 5, 12, 8, 8)
    for window in (1, 3, 6, None):
        qpos = torch.arange(7, 12)[:, None]
        kpos = torch.arange(12)[None, :]
        mask = (kpos <= qpos) & ((qpos - kpos < window) if window else True)
        expected = torch.nn.functional.scaled_dot_product_attention(torch.tensor(q), torch.tensor(k), torch.tensor(v),
                                                                     attn_mask=mask)
        np.testing.assert_allclose(solution.sliding_window_attention(q, k, v, window), expected.numpy(), rtol=1e-10,
                                   atol=1e-12)
