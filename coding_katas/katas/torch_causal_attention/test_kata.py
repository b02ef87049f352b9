from types import SimpleNamespace

import numpy as np
import torch

from coding_katas.scenarios import hidden, sample


def _sdpa_model(x, W_qkv, W_o, n_heads):
    """Independent model: F.scaled_dot_product_attention(is_causal=True) in float64, cast back to x's dtype
    (differentiable, so the gradient scenarios run on it too)."""
    dtype, (N, L, D) = x.dtype, x.shape
    projected = (x.double() @ W_qkv.double()).split(D, -1)
    q, k, v = (t.reshape(N, L, n_heads, D // n_heads).transpose(1, 2) for t in projected)
    out = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)
    return (out.transpose(1, 2).reshape(N, L, D) @ W_o.double()).to(dtype)


_MODEL = SimpleNamespace(causal_self_attention=_sdpa_model)


def _on_one_thread(fn):
    """fn(_MODEL) with torch on one thread (then restored): tiny tensors, and two threads fighting over a
    shared machine made these expected values cost seconds at import."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return fn(_MODEL)
    finally:
        torch.set_num_threads(threads)


def _expected_from_model(declare, **options):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=_on_one_thread(fn), **options)(fn)


def _inputs(seed, N, L, D, dtype=torch.float32, x_scale=1.0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(N, L, D, generator=g, dtype=dtype) * x_scale
    W_qkv = torch.randn(D, 3 * D, generator=g, dtype=dtype) / D ** 0.5
    W_o = torch.randn(D, D, generator=g, dtype=dtype) / D ** 0.5
    return x, W_qkv, W_o


@sample(expected=np.array([[[1.0, 0.0], [2.0, 1.0], [3.0, 2.0]]]))
def zero_queries_average_the_prefix(m):
    """q = k = 0 and v = x: every score is 0, so position i averages v_0..v_i"""
    x = torch.tensor([[[1.0, 0.0], [3.0, 2.0], [5.0, 4.0]]])
    W_qkv = torch.cat([torch.zeros(2, 4), torch.eye(2)], dim=1)
    return m.causal_self_attention(x, W_qkv, torch.eye(2), 1)


@_expected_from_model(sample)
def two_heads_small(m):
    """N=2, L=4, D=8, n_heads=2, random weights"""
    return m.causal_self_attention(*_inputs(1, 2, 4, 8), 2)


@_expected_from_model(sample)
def single_token(m):
    """L=1: the only position attends to itself, so the output is (x @ W_v) @ W_o"""
    return m.causal_self_attention(*_inputs(2, 3, 1, 6), 3)


@_expected_from_model(hidden)
def four_heads(m):
    """N=2, L=6, D=16, n_heads=4: head h must use columns h*4:(h+1)*4"""
    return m.causal_self_attention(*_inputs(3, 2, 6, 16), 4)


@_expected_from_model(hidden)
def one_head(m):
    return m.causal_self_attention(*_inputs(4, 1, 5, 8), 1)


@_expected_from_model(hidden)
def future_tokens_do_not_change_the_past(m):
    """outputs for a sequence and for the same sequence with its last two tokens replaced"""
    x, W_qkv, W_o = _inputs(5, 2, 7, 8)
    x2 = x.clone()
    x2[:, -2:] = torch.randn(2, 2, 8, generator=torch.Generator().manual_seed(50))
    return [m.causal_self_attention(x, W_qkv, W_o, 2), m.causal_self_attention(x2, W_qkv, W_o, 2)]


@_expected_from_model(hidden)
def gradients_reach_x_and_weights(m):
    """backward of sum(out * G) for a fixed G: gradients of x, W_qkv and W_o"""
    x, W_qkv, W_o = (t.requires_grad_() for t in _inputs(6, 2, 5, 8))
    out = m.causal_self_attention(x, W_qkv, W_o, 2)
    G = torch.randn(out.shape, generator=torch.Generator().manual_seed(60))
    (out * G).sum().backward()
    return {"x": x.grad, "W_qkv": W_qkv.grad, "W_o": W_o.grad}


@_expected_from_model(hidden)
def gradient_of_an_early_position(m):
    """d out[:, 1].sum() / dx: zero for every position after 1"""
    x, W_qkv, W_o = _inputs(7, 1, 6, 8)
    x.requires_grad_()
    m.causal_self_attention(x, W_qkv, W_o, 4)[:, 1].sum().backward()
    return x.grad


@_expected_from_model(hidden)
def large_scores_stay_finite(m):
    """x scaled by 40: scores in the thousands must not overflow the softmax"""
    return m.causal_self_attention(*_inputs(8, 2, 5, 8, x_scale=40.0), 2)


@_expected_from_model(hidden, comparator={"kind": "allclose", "rtol": 1e-9, "atol": 1e-12})
def float64_inputs(m):
    """float64 tensors in, float64 out, compared tightly"""
    out = m.causal_self_attention(*_inputs(9, 2, 6, 12, dtype=torch.float64), 3)
    return [out, str(out.dtype)]


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    x, W_qkv, W_o = _inputs(10, 2, 4, 8)
    m.causal_self_attention(x, W_qkv, W_o, 2)
    return [x, W_qkv, W_o]


@_expected_from_model(hidden)
def larger_model(m):
    """N=4, L=64, D=64, n_heads=8"""
    return m.causal_self_attention(*_inputs(11, 4, 64, 64), 8)


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_sdpa(solution):
    import torch.nn.functional as F

    x, W_qkv, W_o = _inputs(12, 3, 9, 16, dtype=torch.float64)
    q, k, v = (x @ W_qkv).split(16, dim=-1)
    heads = [t.reshape(3, 9, 4, 4).transpose(1, 2) for t in (q, k, v)]
    expected = F.scaled_dot_product_attention(*heads, is_causal=True).transpose(1, 2).reshape(3, 9, 16) @ W_o
    torch.testing.assert_close(solution.causal_self_attention(x, W_qkv, W_o, 4), expected, rtol=1e-10, atol=1e-12)


def test_matches_nn_multihead_attention(solution):
    x, W_qkv, W_o = _inputs(13, 2, 7, 12, dtype=torch.float64)
    mha = torch.nn.MultiheadAttention(12, 3, bias=False, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(W_qkv.T)
        mha.out_proj.weight.copy_(W_o.T)
    future = torch.ones(7, 7, dtype=torch.bool).triu(1)  # True = may not attend
    expected, _ = mha(x, x, x, attn_mask=future, need_weights=False)
    torch.testing.assert_close(solution.causal_self_attention(x, W_qkv, W_o, 3), expected, rtol=1e-10, atol=1e-12)
