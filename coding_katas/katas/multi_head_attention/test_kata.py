from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

_W0 = np.exp(1 / np.sqrt(2)) / (np.exp(1 / np.sqrt(2)) + 1)


def _query_loop(x, W_q, W_k, W_v, W_o, n_heads, causal=False):
    """Independent model: one batch element, head and query at a time, softmax over the visible keys."""
    N, L, D = x.shape
    dh = D // n_heads
    q, k, v = x @ W_q, x @ W_k, x @ W_v
    heads = np.zeros((N, L, D))
    for b in range(N):
        for h in range(n_heads):
            c = slice(h * dh, (h + 1) * dh)
            for t in range(L):
                seen = t + 1 if causal else L
                s = k[b, :seen, c] @ q[b, t, c] / np.sqrt(dh)
                w = np.exp(s - s.max())
                heads[b, t, c] = (w / w.sum()) @ v[b, :seen, c]
    return heads @ W_o


_MODEL = SimpleNamespace(multi_head_attention=_query_loop)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _inputs(seed, n, length, d_model):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, length, d_model))
    ws = [rng.normal(size=(d_model, d_model)) / np.sqrt(d_model) for _ in range(4)]
    return (x, *ws)


@sample(expected=np.array([[[_W0, 1 - _W0], [1 - _W0, _W0]]]))
def prompt_example(m):
    """x = [[[1, 0], [0, 1]]], every W the 2x2 identity, one head"""
    x = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    eye = np.eye(2)
    return m.multi_head_attention(x, eye, eye, eye, eye, n_heads=1)


@sample(expected=np.array([[[1.0, 0.0], [1 - _W0, _W0]]]))
def prompt_example_causal(m):
    """the same inputs with causal=True: position 0 sees only itself"""
    x = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    eye = np.eye(2)
    return m.multi_head_attention(x, eye, eye, eye, eye, n_heads=1, causal=True)


@_expected_from_model(sample)
def two_heads_small(m):
    """N=1, L=3, D=4, 2 heads, random weights (seed 0)"""
    return m.multi_head_attention(*_inputs(0, 1, 3, 4), n_heads=2)


@_expected_from_model(hidden)
def single_head(m):
    """n_heads = 1, N=2, L=4, D=6"""
    return m.multi_head_attention(*_inputs(1, 2, 4, 6), n_heads=1)


@_expected_from_model(hidden)
def one_dimension_per_head(m):
    """n_heads = D = 4, so dh = 1"""
    return m.multi_head_attention(*_inputs(2, 2, 5, 4), n_heads=4)


@_expected_from_model(hidden)
def sequence_of_length_one(m):
    """L = 1 with causal=True: each position attends to itself only"""
    return m.multi_head_attention(*_inputs(3, 3, 1, 6), n_heads=3, causal=True)


@_expected_from_model(hidden)
def batch_elements_are_independent(m):
    """N=3, L=4, D=8, 2 heads: batch elements must not see each other"""
    return m.multi_head_attention(*_inputs(4, 3, 4, 8), n_heads=2)


@_expected_from_model(hidden)
def causal_three_heads(m):
    """N=2, L=5, D=6, 3 heads, causal"""
    return m.multi_head_attention(*_inputs(5, 2, 5, 6), n_heads=3, causal=True)


@_expected_from_model(hidden)
def longer_sequence_than_width(m):
    """L=7 > D=4, 2 heads, not causal"""
    return m.multi_head_attention(*_inputs(6, 1, 7, 4), n_heads=2)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    """call, then return x and the four weight matrices"""
    args = _inputs(7, 2, 3, 4)
    m.multi_head_attention(*args, n_heads=2, causal=True)
    return list(args)


@_expected_from_model(hidden)
def larger_random_causal(m):
    """N=4, L=16, D=32, 4 heads, causal"""
    return m.multi_head_attention(*_inputs(8, 4, 16, 32), n_heads=4, causal=True)


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_multihead_attention(solution):
    import torch

    for seed, (n, length, d_model, heads, causal) in enumerate(
            [(2, 5, 8, 2, False), (3, 6, 12, 4, True), (1, 4, 4, 1, True), (2, 3, 6, 6, False)]):
        x, W_q, W_k, W_v, W_o = _inputs(30 + seed, n, length, d_model)
        mha = torch.nn.MultiheadAttention(d_model, heads, bias=False, batch_first=True).double()
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.from_numpy(np.concatenate([W_q.T, W_k.T, W_v.T])))
            mha.out_proj.weight.copy_(torch.from_numpy(W_o.T))
            tx = torch.from_numpy(x)
            mask = torch.triu(torch.ones(length, length, dtype=torch.bool), 1) if causal else None
            expected, _ = mha(tx, tx, tx, attn_mask=mask, need_weights=False)
        got = solution.multi_head_attention(x, W_q, W_k, W_v, W_o, heads, causal=causal)
        np.testing.assert_allclose(got, expected.numpy(), rtol=1e-10, atol=1e-12)
