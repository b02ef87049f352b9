from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

_W0 = np.exp(1 / np.sqrt(2)) / (np.exp(1 / np.sqrt(2)) + 1)


def _loop_attention(q, k, v, mask=None):
    """Independent model: one query row at a time over the flattened leading axes, allowed keys only."""
    lead, (Lq, d), (Lk, dv) = q.shape[:-2], q.shape[-2:], v.shape[-2:]
    allowed = np.broadcast_to(np.ones((Lq, Lk), bool) if mask is None else mask, (*lead, Lq, Lk)).reshape(-1, Lq, Lk)
    Q, K, V = q.reshape(-1, Lq, d), k.reshape(-1, Lk, d), v.reshape(-1, Lk, dv)
    out, W = np.zeros((len(Q), Lq, dv)), np.zeros((len(Q), Lq, Lk))
    for b in range(len(Q)):
        for i in range(Lq):
            keep = np.flatnonzero(allowed[b, i])
            s = np.array([Q[b, i] @ K[b, j] for j in keep]) / np.sqrt(d)
            w = np.exp(s - s.max())
            W[b, i, keep] = w / w.sum()
            out[b, i] = W[b, i] @ V[b]
    return out.reshape(*lead, Lq, dv), W.reshape(*lead, Lq, Lk)


_MODEL = SimpleNamespace(scaled_dot_product_attention=_loop_attention)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _qkv(seed, lead, lq, lk, d, dv, scale=1.0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(*lead, lq, d)) * scale, rng.normal(size=(*lead, lk, d)) * scale,
            rng.normal(size=(*lead, lk, dv)))


def _random_mask(seed, shape):
    """A random boolean mask in which every query row keeps at least one key."""
    rng = np.random.default_rng(seed)
    mask = rng.random(shape) < 0.5
    rows = mask.reshape(-1, shape[-1])
    rows[np.arange(rows.shape[0]), rng.integers(0, shape[-1], size=rows.shape[0])] = True
    return rows.reshape(shape)


@sample(expected=(np.array([[10 * _W0 + 20 * (1 - _W0)]]), np.array([[_W0, 1 - _W0]])))
def prompt_example(m):
    """q = [[1, 0]], k = [[1, 0], [0, 1]], v = [[10], [20]], no mask"""
    q = np.array([[1.0, 0.0]])
    k = np.array([[1.0, 0.0], [0.0, 1.0]])
    v = np.array([[10.0], [20.0]])
    return m.scaled_dot_product_attention(q, k, v)


@sample(expected=(np.array([[20.0]]), np.array([[0.0, 1.0]])))
def prompt_example_masked(m):
    """the same inputs with mask [[False, True]]: the best-scoring key is hidden"""
    q = np.array([[1.0, 0.0]])
    k = np.array([[1.0, 0.0], [0.0, 1.0]])
    v = np.array([[10.0], [20.0]])
    return m.scaled_dot_product_attention(q, k, v, mask=np.array([[False, True]]))


@_expected_from_model(sample)
def causal_self_attention(m):
    """q = k = v, random (4, 3), mask = np.tril(np.ones((4, 4), bool))"""
    x = np.random.default_rng(0).normal(size=(4, 3))
    return m.scaled_dot_product_attention(x, x, x, mask=np.tril(np.ones((4, 4), dtype=bool)))


@_expected_from_model(hidden)
def different_lengths_and_value_size(m):
    """Lq=3, Lk=5, d=4, dv=2: the scale uses d, not dv or Lk"""
    return m.scaled_dot_product_attention(*_qkv(1, (), 3, 5, 4, 2))


@_expected_from_model(hidden)
def batch_and_head_axes(m):
    """(B, H, L, d) = (2, 3, 5, 4), Lk = 6, dv = 3, no mask"""
    return m.scaled_dot_product_attention(*_qkv(2, (2, 3), 5, 6, 4, 3))


@_expected_from_model(hidden)
def one_mask_shared_by_the_batch(m):
    """q (2, 4, 6, 8), k and v (2, 4, 7, 8); a random (6, 7) mask broadcast over batch and heads"""
    q, k, v = _qkv(3, (2, 4), 6, 7, 8, 8)
    return m.scaled_dot_product_attention(q, k, v, mask=_random_mask(33, (6, 7)))


@_expected_from_model(hidden)
def padding_mask_per_batch(m):
    """a (B, 1, 1, Lk) key-padding mask: batch b keeps its first lengths[b] keys"""
    q, k, v = _qkv(4, (3, 2), 5, 6, 4, 3)
    lengths = np.array([6, 1, 4])
    mask = (np.arange(6) < lengths[:, None])[:, None, None, :]
    return m.scaled_dot_product_attention(q, k, v, mask=mask)


@_expected_from_model(hidden)
def mask_hides_every_best_key(m):
    """each query row loses exactly the key it would score highest"""
    q, k, v = _qkv(5, (), 5, 6, 3, 2)
    best = np.argmax(q @ k.T, axis=-1)
    mask = np.ones((5, 6), dtype=bool)
    mask[np.arange(5), best] = False
    return m.scaled_dot_product_attention(q, k, v, mask=mask)


@_expected_from_model(hidden)
def huge_scores_stay_finite(m):
    """scores of order 1e4, no mask"""
    return m.scaled_dot_product_attention(*_qkv(6, (2,), 4, 5, 4, 3, scale=60.0))


@_expected_from_model(hidden)
def huge_scores_with_causal_mask(m):
    q, k, v = _qkv(7, (1, 2), 5, 5, 6, 2, scale=60.0)
    return m.scaled_dot_product_attention(q, k, v, mask=np.tril(np.ones((5, 5), dtype=bool)))


@_expected_from_model(hidden)
def single_key(m):
    """Lk = 1: every weight is 1 and the output repeats v"""
    return m.scaled_dot_product_attention(*_qkv(8, (2,), 3, 1, 4, 5))


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    """call with a mask, then return q, k, v and the mask"""
    q, k, v = _qkv(9, (2,), 4, 4, 3, 3)
    mask = _random_mask(99, (2, 4, 4))
    m.scaled_dot_product_attention(q, k, v, mask=mask)
    return [q, k, v, mask]


@_expected_from_model(hidden)
def larger_random_causal(m):
    """(4, 8, 32, 16) with a causal mask"""
    q, k, v = _qkv(10, (4, 8), 32, 32, 16, 16)
    return m.scaled_dot_product_attention(q, k, v, mask=np.tril(np.ones((32, 32), dtype=bool)))


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_sdpa(solution):
    import torch
    import torch.nn.functional as F

    cases = [(_qkv(20, (2, 3), 5, 7, 4, 6), _random_mask(21, (2, 3, 5, 7))),
             (_qkv(22, (4,), 6, 6, 8, 2), np.tril(np.ones((6, 6), dtype=bool))),
             (_qkv(23, (), 3, 4, 5, 5), None)]
    for (q, k, v), mask in cases:
        tq, tk, tv = (torch.from_numpy(a) for a in (q, k, v))
        tmask = None if mask is None else torch.from_numpy(mask)
        expected = F.scaled_dot_product_attention(tq, tk, tv, attn_mask=tmask).numpy()
        out, weights = solution.scaled_dot_product_attention(q, k, v, mask)
        np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(weights.sum(axis=-1), 1.0, rtol=1e-12)
        if mask is not None:
            assert np.all(weights[~np.broadcast_to(mask, weights.shape)] == 0.0)


def test_matches_explicit_loops(solution):
    q, k, v = _qkv(24, (), 4, 6, 3, 2, scale=2.0)
    mask = _random_mask(25, (4, 6))
    out, weights = solution.scaled_dot_product_attention(q, k, v, mask)
    for i in range(4):
        allowed = np.flatnonzero(mask[i])
        s = np.array([q[i] @ k[j] / np.sqrt(3) for j in allowed])
        w = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
        np.testing.assert_allclose(weights[i, allowed], w, rtol=1e-12)
        np.testing.assert_allclose(out[i], w @ v[allowed], rtol=1e-12)
