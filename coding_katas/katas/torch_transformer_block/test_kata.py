import math

import numpy as np
import torch

from coding_katas.scenarios import hidden, sample

KEYS = ["ln1.weight", "ln1.bias", "attn_qkv.weight", "attn_qkv.bias", "attn_out.weight", "attn_out.bias",
        "ln2.weight", "ln2.bias", "mlp_in.weight", "mlp_in.bias", "mlp_out.weight", "mlp_out.bias"]


def _gen(seed):
    return torch.Generator().manual_seed(seed)


def _state(seed, D, F, dtype=torch.float32, scale=1.0):
    """Random weights in the documented layout (LayerNorm gains around 1)."""
    g = _gen(seed)

    def r(*shape, s):
        return torch.randn(*shape, generator=g, dtype=dtype) * s

    return {
        "ln1.weight": 1 + r(D, s=0.2), "ln1.bias": r(D, s=0.2),
        "attn_qkv.weight": r(3 * D, D, s=scale / D ** 0.5), "attn_qkv.bias": r(3 * D, s=0.1),
        "attn_out.weight": r(D, D, s=1 / D ** 0.5), "attn_out.bias": r(D, s=0.1),
        "ln2.weight": 1 + r(D, s=0.2), "ln2.bias": r(D, s=0.2),
        "mlp_in.weight": r(F, D, s=scale / D ** 0.5), "mlp_in.bias": r(F, s=0.3),
        "mlp_out.weight": r(D, F, s=1 / F ** 0.5), "mlp_out.bias": r(D, s=0.1),
    }


def _block(m, seed, D, H, F, eps=1e-5, dtype=torch.float32, scale=1.0):
    block = m.TransformerBlock(D, H, F, eps)
    if dtype == torch.float64:
        block = block.double()
    block.load_state_dict(_state(seed, D, F, dtype, scale), strict=True)
    return block


def _x(seed, N, L, D, dtype=torch.float32, scale=1.0):
    return torch.randn(N, L, D, generator=_gen(seed), dtype=dtype) * scale


def _np_block(state, x, H, mask=None, eps=1e-5):
    """Independent float64 NumPy forward of the block (per-head loop, explicit masks, erf GELU)."""
    from scipy.special import erf

    w = {k: v.double().numpy() for k, v in state.items()}
    x = x.double().numpy()
    N, L, D = x.shape
    dh = D // H

    def ln(v, name):
        mu = v.mean(-1, keepdims=True)
        sd = np.sqrt(((v - mu) ** 2).mean(-1, keepdims=True) + eps)
        return (v - mu) / sd * w[f"{name}.weight"] + w[f"{name}.bias"]

    qkv = ln(x, "ln1") @ w["attn_qkv.weight"].T + w["attn_qkv.bias"]
    padding = np.zeros((N, L), bool) if mask is None else mask.numpy()
    allowed = np.tril(np.ones((L, L), bool))[None] & ~padding[:, None, :]
    heads = np.zeros((N, L, D))
    for h in range(H):
        q, k, v = (qkv[..., i * D + h * dh: i * D + (h + 1) * dh] for i in range(3))
        s = np.where(allowed, np.einsum("ntd,nsd->nts", q, k) / math.sqrt(dh), -np.inf)
        top = np.max(s, -1, keepdims=True)
        e = np.where(allowed, np.exp(s - np.where(np.isfinite(top), top, 0.0)), 0.0)
        total = e.sum(-1, keepdims=True)
        heads[..., h * dh:(h + 1) * dh] = (e / np.where(total > 0, total, 1.0)) @ v  # no allowed key -> zeros
    h1 = x + heads @ w["attn_out.weight"].T + w["attn_out.bias"]
    z = ln(h1, "ln2") @ w["mlp_in.weight"].T + w["mlp_in.bias"]
    return h1 + (0.5 * z * (1 + erf(z / math.sqrt(2)))) @ w["mlp_out.weight"].T + w["mlp_out.bias"]


@sample(expected=[[k, s] for k, s in zip(KEYS, [[8], [8], [24, 8], [24], [8, 8], [8], [8], [8], [32, 8], [32], [8, 32], [8]], strict=True)])
def parameter_layout(m):
    """TransformerBlock(8, 2, 32): state_dict keys and shapes, in order"""
    return [[k, list(v.shape)] for k, v in m.TransformerBlock(8, 2, 32).state_dict().items()]


@sample(expected=_np_block(_state(1, 8, 32), _x(2, 2, 4, 8), H=2))
def small_block(m):
    """N=2, L=4, d_model=8, n_heads=2, d_ff=32 with fixed random weights"""
    with torch.no_grad():
        return _block(m, 1, 8, 2, 32)(_x(2, 2, 4, 8))


@sample(expected=[_x(4, 2, 5, 6), _x(4, 2, 5, 6)])
def zero_branches_give_the_identity(m):
    """attn_out and mlp_out all zeros: the block returns x unchanged"""
    state = _state(3, 6, 12)
    for k in ("attn_out.weight", "attn_out.bias", "mlp_out.weight", "mlp_out.bias"):
        state[k] = torch.zeros_like(state[k])
    block = m.TransformerBlock(6, 3, 12)
    block.load_state_dict(state)
    x = _x(4, 2, 5, 6)
    with torch.no_grad():
        return [block(x), x]


@hidden(expected=_np_block(_state(5, 16, 48, scale=2.0), _x(6, 2, 7, 16), H=4))
def four_heads(m):
    """N=2, L=7, d_model=16, n_heads=4: head i must use features 4i:4i+4 of q, k and v"""
    with torch.no_grad():
        return _block(m, 5, 16, 4, 48, scale=2.0)(_x(6, 2, 7, 16))


@hidden(expected=[_np_block(_state(7, 8, 16), _x(8, 3, 5, 8), H=1), _np_block(_state(9, 8, 16), _x(10, 3, 1, 8), H=4)])
def one_head_and_one_token(m):
    """n_heads=1 on L=5, and L=1 (the token attends to itself only)"""
    with torch.no_grad():
        return [_block(m, 7, 8, 1, 16)(_x(8, 3, 5, 8)), _block(m, 9, 8, 4, 16)(_x(10, 3, 1, 8))]


def _future_inputs():
    x = _x(12, 2, 8, 12)
    x2 = x.clone()
    x2[:, 5:] = _x(13, 2, 3, 12)
    return x, x2


@hidden(expected=[_np_block(_state(11, 12, 24), x, H=3) for x in _future_inputs()])
def future_tokens_do_not_change_the_past(m):
    """the same sequence with its last three tokens replaced: positions 0..4 must not change"""
    block = _block(m, 11, 12, 3, 24)
    x, x2 = _future_inputs()
    with torch.no_grad():
        return [block(x), block(x2)]


def _exact_gelu_expected():
    from scipy.special import erf

    w, x = _state(14, 6, 6), _x(15, 2, 3, 6).double().numpy()
    g, b = w["ln2.weight"].double().numpy(), w["ln2.bias"].double().numpy()
    z = 3 * ((x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5) * g + b)
    return x + 0.5 * z * (1 + erf(z / math.sqrt(2)))


@hidden(expected=_exact_gelu_expected())
def exact_gelu_in_the_mlp(m):
    """attention branch off, mlp_in = 3 * identity, mlp_out = identity: out = x + gelu(3 * ln2(x)) exactly"""
    D = 6
    state = _state(14, D, D)
    state["attn_out.weight"] = torch.zeros(D, D)
    state["attn_out.bias"] = torch.zeros(D)
    state["mlp_in.weight"] = 3 * torch.eye(D)
    state["mlp_in.bias"] = torch.zeros(D)
    state["mlp_out.weight"] = torch.eye(D)
    state["mlp_out.bias"] = torch.zeros(D)
    block = m.TransformerBlock(D, 2, D)
    block.load_state_dict(state)
    with torch.no_grad():
        return block(_x(15, 2, 3, D))


@hidden(expected=_np_block(_state(16, 8, 16), _x(17, 2, 4, 8, scale=0.3), H=2, eps=0.5))
def custom_layernorm_eps(m):
    """eps = 0.5 on inputs of small variance: the eps must reach both LayerNorms"""
    with torch.no_grad():
        return _block(m, 16, 8, 2, 16, eps=0.5)(_x(17, 2, 4, 8, scale=0.3))


_LEFT_PAD = torch.zeros(2, 6, dtype=torch.bool)
_LEFT_PAD[0, :3] = True


@hidden(expected=[_np_block(_state(18, 8, 16), _x(19, 2, 6, 8), H=2, mask=_LEFT_PAD)]
        + 2 * [_np_block(_state(18, 8, 16), _x(19, 2, 6, 8), H=2)])
def left_padding(m):
    """key_padding_mask for left-padded sequences: row 0 has 3 pads (positions 0-2 see no key), row 1 none"""
    block = _block(m, 18, 8, 2, 16)
    x = _x(19, 2, 6, 8)
    mask = _LEFT_PAD.clone()
    with torch.no_grad():
        return [block(x, mask), block(x, None), block(x, torch.zeros(2, 6, dtype=torch.bool))]


_MIDDLE_PAD = torch.tensor([[False, True, False, False, True, False, False]])


@hidden(expected=_np_block(_state(20, 8, 16), _x(21, 1, 7, 8), H=4, mask=_MIDDLE_PAD))
def padding_in_the_middle(m):
    """padding keys at positions 1 and 4 of a single sequence: later queries must skip them"""
    block = _block(m, 20, 8, 4, 16)
    mask = _MIDDLE_PAD.clone()
    with torch.no_grad():
        return block(_x(21, 1, 7, 8), mask)


def _central_difference_grads():
    """d sum(out * G) / d (x, attn_qkv.weight, ln1.weight, mlp_in.bias): central differences (h = 1e-6) of _np_block."""
    state = {k: v.double() for k, v in _state(22, 8, 16).items()}
    x = _x(23, 2, 5, 8).double()
    G = torch.randn(2, 5, 8, generator=_gen(24)).double().numpy()
    grads = {}
    for name in ("x", "attn_qkv.weight", "ln1.weight", "mlp_in.bias"):
        target = x if name == "x" else state[name]
        g = np.zeros(tuple(target.shape))
        for idx in np.ndindex(g.shape):
            old = target[idx].item()
            target[idx] = old + 1e-6
            up = np.sum(_np_block(state, x, H=2) * G)
            target[idx] = old - 1e-6
            down = np.sum(_np_block(state, x, H=2) * G)
            target[idx] = old
            g[idx] = (up - down) / 2e-6
        grads[name] = g
    return grads


@hidden(expected=_central_difference_grads())
def gradients(m):
    """backward of sum(out * G): gradients of x, attn_qkv.weight, ln1.weight and mlp_in.bias"""
    block = _block(m, 22, 8, 2, 16)
    x = _x(23, 2, 5, 8).requires_grad_()
    out = block(x)
    (out * torch.randn(out.shape, generator=_gen(24))).sum().backward()
    return {"x": x.grad, "attn_qkv.weight": block.attn_qkv.weight.grad, "ln1.weight": block.ln1.weight.grad,
            "mlp_in.bias": block.mlp_in.bias.grad}


@hidden(comparator={"kind": "allclose", "rtol": 1e-9, "atol": 1e-12},
        expected=[_np_block(_state(25, 12, 36, torch.float64), _x(26, 2, 6, 12, dtype=torch.float64), H=3),
                  "torch.float64"])
def float64_block(m):
    """block.double() with float64 weights and inputs, compared tightly"""
    with torch.no_grad():
        out = _block(m, 25, 12, 3, 36, dtype=torch.float64)(_x(26, 2, 6, 12, dtype=torch.float64))
    return [out, str(out.dtype)]


@hidden(expected=True)
def input_is_not_modified(m):
    block = _block(m, 27, 8, 2, 16)
    x = _x(28, 2, 4, 8)
    x0 = x.clone()
    with torch.no_grad():
        block(x)
    return bool(torch.equal(x, x0))


@hidden(comparator={"kind": "exact"}, expected="ValueError")
def bad_head_count_raises(m):
    try:
        m.TransformerBlock(10, 3, 20)
    except ValueError:
        return "ValueError"
    return "no error"


@hidden(expected=_np_block(_state(29, 64, 256), _x(30, 4, 32, 64), H=8))
def larger_block(m):
    """N=4, L=32, d_model=64, n_heads=8, d_ff=256"""
    with torch.no_grad():
        return _block(m, 29, 64, 8, 256)(_x(30, 4, 32, 64))


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_transformer_encoder_layer(solution):
    import torch.nn as nn

    D, H, F = 16, 4, 40
    state = _state(40, D, F, torch.float64)
    layer = nn.TransformerEncoderLayer(D, H, F, dropout=0.0, activation="gelu", batch_first=True, norm_first=True,
                                       dtype=torch.float64)
    with torch.no_grad():
        layer.self_attn.in_proj_weight.copy_(state["attn_qkv.weight"])
        layer.self_attn.in_proj_bias.copy_(state["attn_qkv.bias"])
        layer.self_attn.out_proj.weight.copy_(state["attn_out.weight"])
        layer.self_attn.out_proj.bias.copy_(state["attn_out.bias"])
        for ours, theirs in (("ln1", layer.norm1), ("ln2", layer.norm2)):
            theirs.weight.copy_(state[f"{ours}.weight"])
            theirs.bias.copy_(state[f"{ours}.bias"])
        layer.linear1.weight.copy_(state["mlp_in.weight"])
        layer.linear1.bias.copy_(state["mlp_in.bias"])
        layer.linear2.weight.copy_(state["mlp_out.weight"])
        layer.linear2.bias.copy_(state["mlp_out.bias"])
    layer.eval()
    block = solution.TransformerBlock(D, H, F).double()
    block.load_state_dict(state)
    x = _x(41, 3, 9, D, dtype=torch.float64)
    causal = torch.ones(9, 9, dtype=torch.bool).triu(1)  # True = may not attend
    padding = torch.zeros(3, 9, dtype=torch.bool)
    padding[1, 6:] = True  # right padding: every query still sees key 0
    with torch.no_grad():
        expected = layer(x, src_mask=causal, src_key_padding_mask=padding, is_causal=True)
        torch.testing.assert_close(block(x, padding), expected, rtol=1e-10, atol=1e-12)


def test_matches_a_numpy_loop(solution):
    from scipy.special import erf

    D, H, F, L = 6, 2, 10, 4
    state = {k: v.double().numpy() for k, v in _state(42, D, F).items()}
    block = solution.TransformerBlock(D, H, F)
    block.load_state_dict({k: torch.tensor(v, dtype=torch.float32) for k, v in state.items()})
    x = _x(43, 1, L, D).double().numpy()[0]

    def ln(v, name):
        return (v - v.mean()) / np.sqrt(v.var() + 1e-5) * state[f"{name}.weight"] + state[f"{name}.bias"]

    a = np.array([ln(row, "ln1") for row in x])
    qkv = a @ state["attn_qkv.weight"].T + state["attn_qkv.bias"]
    heads = np.zeros((L, D))
    for h in range(H):
        cols = slice(h * 3, h * 3 + 3)
        q, k, v = qkv[:, :D][:, cols], qkv[:, D:2 * D][:, cols], qkv[:, 2 * D:][:, cols]
        for t in range(L):
            s = np.array([q[t] @ k[j] / math.sqrt(3) for j in range(t + 1)])
            w = np.exp(s - s.max()) / np.exp(s - s.max()).sum()
            heads[t, cols] = w @ v[: t + 1]
    h1 = x + heads @ state["attn_out.weight"].T + state["attn_out.bias"]
    z = np.array([ln(row, "ln2") for row in h1]) @ state["mlp_in.weight"].T + state["mlp_in.bias"]
    out = h1 + (0.5 * z * (1 + erf(z / np.sqrt(2)))) @ state["mlp_out.weight"].T + state["mlp_out.bias"]
    with torch.no_grad():
        np.testing.assert_allclose(block(torch.tensor(x[None], dtype=torch.float32))[0].numpy(), out, rtol=1e-4, atol=1e-5)
