import math

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values come from _exact: the full score matrix with a plain softmax for "out",
# np.logaddexp.reduce for "lse", and for the histories the max / log-sum-exp over all keys of the first
# t + 1 tiles computed directly (no running updates). test_matches_torch_sdpa checks "out" against torch.


def _exact(q, k, v, block_size, causal=False):
    L = q.shape[-2]
    s = q @ np.swapaxes(k, -1, -2) / math.sqrt(q.shape[-1])
    if causal:
        s = np.where(np.tril(np.ones((L, L), dtype=bool)), s, -np.inf)
    w = np.exp(s - s.max(axis=-1, keepdims=True))
    out = (w / w.sum(axis=-1, keepdims=True)) @ v
    m_hist, l_hist = [], []
    for end in range(block_size, L + block_size, block_size):
        seen = s[..., :min(end, L)]
        m = seen.max(axis=-1)
        m_hist.append(m)
        l_hist.append(np.exp(np.logaddexp.reduce(seen, axis=-1) - m))
    return {"out": out, "lse": np.logaddexp.reduce(s, axis=-1), "m_history": np.stack(m_hist),
            "l_history": np.stack(l_hist)}


def _qkv(seed, lead, L, d, dv, scale=1.0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=lead + (L, d)) * scale, rng.normal(size=lead + (L, d)) * scale,
            rng.normal(size=lead + (L, dv)))


_L = 1 + math.exp(-1) + math.exp(-2)


@sample(expected={"out": np.full((3, 1), (10 * math.exp(-2) + 20 + 30 * math.exp(-1)) / _L),
                  "lse": np.full(3, 3 + math.log(_L)), "m_history": np.full((2, 3), 3.0),
                  "l_history": np.array([[1 + math.exp(-2)] * 3, [_L] * 3])})
def prompt_example(m):
    """q = ones (3, 1), k = [1, 3, 2], v = [10, 20, 30], block_size 2"""
    k, v = np.array([[1.0], [3.0], [2.0]]), np.array([[10.0], [20.0], [30.0]])
    return m.flash_attention_forward(np.ones((3, 1)), k, v, 2)


CASE = _qkv(1, (2,), 8, 4, 3)


@sample(expected=_exact(*CASE, block_size=3))
def uneven_tiles(m):
    """batch 2, L = 8, d = 4, dv = 3, block_size 3: tiles of 3, 3 and 2 keys"""
    return m.flash_attention_forward(*CASE, 3)


@sample(expected=_exact(*CASE, block_size=2, causal=True))
def causal_tiles(m):
    """the same inputs, causal, block_size 2: a query ignores tiles in its future"""
    return m.flash_attention_forward(*CASE, 2, causal=True)


@hidden(expected=[_exact(*CASE, block_size=1), _exact(*CASE, block_size=8), _exact(*CASE, block_size=50)])
def tile_of_one_and_single_tile(m):
    """block_size 1 (8 tiles), 8 and 50 (one tile each)"""
    return [m.flash_attention_forward(*CASE, 1), m.flash_attention_forward(*CASE, 8),
            m.flash_attention_forward(*CASE, 50)]


Q1 = np.ones((1, 6, 1))
K_RISE = np.array([[[0.0], [0.5], [1.0], [40.0], [2.0], [80.0]]])
V_RISE = np.arange(6.0).reshape(1, 6, 1)


@hidden(expected=_exact(Q1, K_RISE, V_RISE, block_size=2))
def later_tile_raises_the_max(m):
    """scores [0, .5, 1, 40, 2, 80] in tiles of 2: every tile raises the max and forces a rescale"""
    return m.flash_attention_forward(Q1, K_RISE, V_RISE, 2)


CASE_HEADS = _qkv(2, (2, 3), 10, 8, 5, scale=4.0)


@hidden(expected=_exact(*CASE_HEADS, block_size=4, causal=True))
def heads_large_scores_causal(m):
    """batch 2, 3 heads, L = 10, d = 8, q and k scaled by 4 (scores up to ~100), causal, block_size 4"""
    return m.flash_attention_forward(*CASE_HEADS, 4, causal=True)


CASE_2D = _qkv(3, (), 13, 3, 2)


@hidden(expected=_exact(*CASE_2D, block_size=5))
def no_batch_axes(m):
    """q, k, v 2-D with L = 13, block_size 5"""
    return m.flash_attention_forward(*CASE_2D, 5)


@hidden(expected=[a.copy() for a in _qkv(4, (1,), 5, 2, 2)])
def inputs_not_modified(m):
    q, k, v = _qkv(4, (1,), 5, 2, 2)
    m.flash_attention_forward(q, k, v, 2, causal=True)
    return [q, k, v]


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_sdpa(solution):
    import torch

    q, k, v = _qkv(9, (2, 2), 33, 16, 8, scale=2.0)
    for causal in (False, True):
        expected = torch.nn.functional.scaled_dot_product_attention(torch.tensor(q), torch.tensor(k), torch.tensor(v),
                                                                     is_causal=causal)
        got = solution.flash_attention_forward(q, k, v, 7, causal=causal)
        np.testing.assert_allclose(got["out"], expected.numpy(), rtol=1e-10, atol=1e-12)
