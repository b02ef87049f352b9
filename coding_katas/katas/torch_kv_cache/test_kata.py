import math

import numpy as np
import torch

from coding_katas.scenarios import hidden, sample


def _gen(seed):
    return torch.Generator().manual_seed(seed)


def _module(m, seed, D, H, max_batch, max_len):
    attn = m.KVCacheAttention(D, H, max_batch, max_len)
    g = _gen(seed)
    with torch.no_grad():
        attn.qkv.weight.copy_(torch.randn(3 * D, D, generator=g) / D ** 0.5)
        attn.out.weight.copy_(torch.randn(D, D, generator=g) / D ** 0.5)
    return attn


def _x(seed, B, T, D):
    return torch.randn(B, T, D, generator=_gen(seed))


def _in_chunks(attn, x, sizes):
    """Feed x through attn chunk by chunk; the concatenated outputs."""
    outs, start = [], 0
    for size in sizes:
        outs.append(attn(x[:, start:start + size]))
        start += size
    return torch.cat(outs, dim=1)


def _weights(seed, D):
    """The weights _module loads, drawn in the same order, as float64 NumPy arrays."""
    g = _gen(seed)
    W_qkv = torch.randn(3 * D, D, generator=g) / D ** 0.5
    return W_qkv.double().numpy(), (torch.randn(D, D, generator=g) / D ** 0.5).double().numpy()


def _np_attn(seed, D, H, x):
    """Full-sequence causal multi-head attention in float64 NumPy, one head and one query at a time."""
    W_qkv, W_out = _weights(seed, D)
    x = x.double().numpy() if isinstance(x, torch.Tensor) else x
    B, T, _ = x.shape
    dh = D // H
    q, k, v = np.split(x @ W_qkv.T, 3, axis=-1)
    heads = np.zeros((B, T, D))
    for b in range(B):
        for h in range(H):
            c = slice(h * dh, (h + 1) * dh)
            for t in range(T):
                s = k[b, : t + 1, c] @ q[b, t, c] / math.sqrt(dh)
                w = np.exp(s - s.max())
                heads[b, t, c] = (w / w.sum()) @ v[b, : t + 1, c]
    return heads @ W_out.T


def _np_caches(seed, D, H, x, max_batch, max_len):
    """The (max_batch, H, max_len, d_h) key and value buffers after x went in: projections, zeros elsewhere."""
    W_qkv, _ = _weights(seed, D)
    x = x.double().numpy()
    B, T, _ = x.shape
    caches = []
    for W in (W_qkv[D:2 * D], W_qkv[2 * D:]):
        buf = np.zeros((max_batch, H, max_len, D // H))
        buf[:B, :, :T] = (x @ W.T).reshape(B, T, H, D // H).transpose(0, 2, 1, 3)
        caches.append(buf)
    return caches


def _outcome(fn):
    try:
        fn()
    except ValueError:
        return "ValueError"
    except Exception as exc:  # noqa: BLE001 - the wrong exception type is an observation too
        return type(exc).__name__
    return "no error"


@sample(expected=[[3, 4, 10, 4], [3, 4, 10, 4], 0, 4, 5, 7])
def cache_shapes_and_positions(m):
    """d_model 16, 4 heads, max_batch 3, max_len 10: cache shapes, then pos after 4, 1 and 2 tokens (batch 2)"""
    attn = _module(m, 1, 16, 4, 3, 10)
    out = [list(attn.k_cache.shape), list(attn.v_cache.shape), attn.pos]
    with torch.no_grad():
        for T in (4, 1, 2):
            attn(_x(T, 2, T, 16))
            out.append(attn.pos)
    return out


@sample(expected=2 * [_np_attn(3, 8, 2, _x(2, 2, 9, 8))])
def prompt_then_token_by_token(m):
    """a 5-token prompt, then 4 single tokens, against the same 9 tokens in one call on a fresh module"""
    x = _x(2, 2, 9, 8)
    with torch.no_grad():
        steps = _in_chunks(_module(m, 3, 8, 2, 2, 12), x, [5, 1, 1, 1, 1])
        full = _module(m, 3, 8, 2, 2, 12)(x)
    return [steps, full]


@sample(expected=2 * [_x(5, 1, 1, 6).double().numpy() @ _weights(4, 6)[0][12:].T @ _weights(4, 6)[1].T])
def first_token_sees_only_itself(m):
    """one token: the attention weight on itself is 1, so the output is out(v) with v from qkv"""
    attn = _module(m, 4, 6, 3, 1, 4)
    x = _x(5, 1, 1, 6)
    with torch.no_grad():
        return [attn(x), x @ attn.qkv.weight[12:].T @ attn.out.weight.T]


@hidden(expected=2 * [_np_attn(7, 12, 3, _x(6, 2, 9, 12))])
def chunks_after_a_prefix(m):
    """chunks of 3, 2 and 4 tokens: each chunk's causal mask must be offset by the cached length"""
    x = _x(6, 2, 9, 12)
    with torch.no_grad():
        chunks = _in_chunks(_module(m, 7, 12, 3, 2, 9), x, [3, 2, 4])
        full = _module(m, 7, 12, 3, 2, 9)(x)
    return [chunks, full]


@hidden(expected=[*_np_caches(8, 8, 2, _x(9, 2, 5, 8), 3, 8), 5])
def cache_contents(m):
    """both whole buffers after 3 + 2 tokens of a batch of 2 in a (3, H, 8, d_h) cache: zeros elsewhere"""
    attn = _module(m, 8, 8, 2, 3, 8)
    x = _x(9, 2, 5, 8)
    with torch.no_grad():
        _in_chunks(attn, x, [3, 2])
    return [attn.k_cache, attn.v_cache, attn.pos]


@hidden(expected=[["k_cache", "v_cache"], True, [2, 4, 16, 2], [2, 4, 16, 2], "torch.float32"])
def buffers_are_preallocated(m):
    """registered buffers named k_cache / v_cache; same storage and shape after several calls"""
    attn = _module(m, 10, 8, 4, 2, 16)
    ptrs = (attn.k_cache.data_ptr(), attn.v_cache.data_ptr())
    with torch.no_grad():
        _in_chunks(attn, _x(11, 2, 10, 8), [4, 1, 1, 3, 1])
    names = sorted(name for name, _ in attn.named_buffers())
    return [names, (attn.k_cache.data_ptr(), attn.v_cache.data_ptr()) == ptrs,
            list(attn.k_cache.shape), list(attn.v_cache.shape), str(attn.k_cache.dtype)]


_OVERFLOW_LAST = _np_attn(12, 8, 2, _x(13, 1, 6, 8))[:, 5:6]


@hidden(expected=["ValueError", True, 5, _OVERFLOW_LAST, _OVERFLOW_LAST, 6])
def overflow_raises_and_changes_nothing(m):
    """max_len 6: after 5 tokens, 2 more raise ValueError; pos and the cache are unchanged; 1 more works"""
    attn = _module(m, 12, 8, 2, 1, 6)
    x = _x(13, 1, 6, 8)
    with torch.no_grad():
        attn(x[:, :5])
        before = attn.k_cache.clone()
        err = _outcome(lambda: attn(_x(14, 1, 2, 8)))
        unchanged = bool(torch.equal(attn.k_cache, before))
        pos = attn.pos
        last = attn(x[:, 5:6])
        full = _module(m, 12, 8, 2, 1, 6)(x)
    return [err, unchanged, pos, last, full[:, 5:6], attn.pos]


@hidden(expected=[_np_attn(15, 8, 2, _x(16, 2, 7, 8)), 7, "ValueError"])
def filling_exactly_to_max_len(m):
    """max_len 7: 4 + 3 tokens fill the cache exactly, then one more raises"""
    attn = _module(m, 15, 8, 2, 2, 7)
    x = _x(16, 2, 7, 8)
    with torch.no_grad():
        out = _in_chunks(attn, x, [4, 3])
        err = _outcome(lambda: attn(_x(17, 2, 1, 8)))
    return [out, attn.pos, err]


@hidden(expected=[[0, 0.0, 0.0], _np_attn(18, 8, 2, _x(20, 1, 4, 8)), _np_attn(18, 8, 2, _x(20, 1, 4, 8)), 4])
def reset_starts_a_new_sequence(m):
    """after reset: pos 0, caches zero, a different batch size is accepted, outputs as on a fresh module"""
    attn = _module(m, 18, 8, 2, 3, 8)
    with torch.no_grad():
        attn(_x(19, 3, 6, 8))
        attn.reset()
        state = [attn.pos, float(attn.k_cache.abs().sum()), float(attn.v_cache.abs().sum())]
        x = _x(20, 1, 4, 8)
        again = _in_chunks(attn, x, [2, 1, 1])
        fresh = _module(m, 18, 8, 2, 3, 8)(x)
    return [state, again, fresh, attn.pos]


@hidden(expected=["ValueError", "ValueError", True, 3,
                  _np_attn(21, 8, 2, torch.cat([_x(23, 2, 3, 8), _x(25, 2, 1, 8)], dim=1))[:, 3:4], 4])
def batch_size_checks(m):
    """B > max_batch raises; changing B without reset raises and changes nothing"""
    attn = _module(m, 21, 8, 2, 2, 8)
    with torch.no_grad():
        too_big = _outcome(lambda: attn(_x(22, 3, 2, 8)))
        attn(_x(23, 2, 3, 8))
        before = attn.k_cache.clone()
        changed = _outcome(lambda: attn(_x(24, 1, 1, 8)))
        unchanged = bool(torch.equal(attn.k_cache, before))
        pos = attn.pos
        ok = attn(_x(25, 2, 1, 8))
    return [too_big, changed, unchanged, pos, ok, attn.pos]


@hidden(expected=[_np_attn(26, 8, 4, _x(27, 2, 6, 8)), np.zeros((2, 4, 6, 2)), np.zeros((2, 4, 6, 2)),
                  _np_caches(26, 8, 4, _x(27, 2, 6, 8), 4, 6)[0][:2]])
def batch_smaller_than_max_batch(m):
    """B = 2 in a cache for 4: rows 2 and 3 stay zero"""
    attn = _module(m, 26, 8, 4, 4, 6)
    x = _x(27, 2, 6, 8)
    with torch.no_grad():
        out = _in_chunks(attn, x, [2, 2, 1, 1])
    return [out, attn.k_cache[2:], attn.v_cache[2:], attn.k_cache[:2]]


@hidden(expected=_np_attn(29, 6, 1, _x(28, 1, 7, 6)))
def one_head(m):
    x = _x(28, 1, 7, 6)
    with torch.no_grad():
        return _in_chunks(_module(m, 29, 6, 1, 1, 7), x, [1, 1, 5])


@hidden(expected=True)
def input_is_not_modified(m):
    attn = _module(m, 30, 8, 2, 1, 8)
    x = _x(31, 1, 4, 8)
    x0 = x.clone()
    with torch.no_grad():
        attn(x)
    return bool(torch.equal(x, x0))


@hidden(expected=2 * [_np_attn(33, 64, 8, _x(32, 4, 64, 64))])
def long_generation(m):
    """B=4, d_model 64, 8 heads: a 32-token prompt then 32 single tokens, and the full-sequence run"""
    x = _x(32, 4, 64, 64)
    with torch.no_grad():
        steps = _in_chunks(_module(m, 33, 64, 8, 4, 64), x, [32] + [1] * 32)
        full = _module(m, 33, 64, 8, 4, 64)(x)
    return [steps, full]


# Independent check of the reference itself (plain pytest only).
def test_matches_torch_sdpa(solution):
    import torch.nn.functional as F

    D, H, L = 16, 4, 11
    attn = _module(solution, 40, D, H, 3, L)
    x = _x(41, 3, L, D)
    with torch.no_grad():
        q, k, v = (t.reshape(3, L, H, D // H).transpose(1, 2) for t in (x @ attn.qkv.weight.T).split(D, dim=-1))
        expected = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(3, L, D) @ attn.out.weight.T
        got = _in_chunks(attn, x, [4, 1, 3, 1, 2])
    torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-6)
    # the cached keys are exactly the projected keys, position by position
    torch.testing.assert_close(attn.k_cache, k, rtol=1e-6, atol=1e-7)
    assert math.isclose(attn.pos, L)
