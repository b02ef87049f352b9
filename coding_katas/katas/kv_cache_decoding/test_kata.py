import numpy as np

from coding_katas.scenarios import hidden, sample


def _weights(seed, d_model, scale=1.0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(d_model, d_model)) * scale / np.sqrt(d_model) for _ in range(4)]


def _drive(m, weights, n_heads, max_len, ops):
    """ops: ("prefill", x), ("step", x), ("len",), ("kv",), ("reset",).

    Returns one observation per op: outputs, lengths, [K, V], None for reset, "ValueError" when raised."""
    cache = m.CachedSelfAttention(*weights, n_heads=n_heads, max_len=max_len)
    out = []
    for op in ops:
        try:
            if op[0] == "prefill":
                out.append(cache.prefill(op[1]))
            elif op[0] == "step":
                out.append(cache.step(op[1]))
            elif op[0] == "len":
                out.append(len(cache))
            elif op[0] == "kv":
                out.append(list(cache.cached_kv()))
            else:
                out.append(cache.reset())
        except ValueError:
            out.append("ValueError")
    return out


def _chunks(x, sizes, single_as_step=True):
    """Split x (B, L, D) into consecutive ops of the given sizes; size-1 pieces become step calls."""
    ops, s = [], 0
    for n in sizes:
        piece = x[:, s:s + n]
        ops.append(("step", piece[:, 0]) if n == 1 and single_as_step else ("prefill", piece))
        s += n
    return ops


def _full(x, weights, n_heads):
    """Causal multi-head attention over a whole (B, N, D) sequence, recomputed from scratch (float64)."""
    W_q, W_k, W_v, W_o = weights
    B, N, D = x.shape
    dh = D // n_heads
    q, k, v = x @ W_q, x @ W_k, x @ W_v
    out = np.zeros((B, N, D))
    future = np.triu(np.ones((N, N), bool), 1)
    for h in range(n_heads):
        c = slice(h * dh, (h + 1) * dh)
        s = np.where(future, -np.inf, np.einsum("bnd,bmd->bnm", q[..., c], k[..., c]) / np.sqrt(dh))
        w = np.exp(s - s.max(-1, keepdims=True))
        out[..., c] = (w / w.sum(-1, keepdims=True)) @ v[..., c]
    return out @ W_o


def _expect(weights, n_heads, max_len, ops):
    """What _drive must observe: keep the raw tokens, recompute full attention for every call, check limits first."""
    seq, out = None, []
    for op in ops:
        if op[0] in ("prefill", "step"):
            x = op[1] if op[0] == "prefill" else op[1][:, None, :]
            length = 0 if seq is None else seq.shape[1]
            if length + x.shape[1] > max_len or (seq is not None and seq.shape[0] != x.shape[0]):
                out.append("ValueError")
                continue
            seq = x if seq is None else np.concatenate([seq, x], axis=1)
            y = _full(seq, weights, n_heads)[:, length:]
            out.append(y if op[0] == "prefill" else y[:, 0])
        elif op[0] == "len":
            out.append(0 if seq is None else seq.shape[1])
        elif op[0] == "kv":
            B, N, D = seq.shape
            out.append([(seq @ W).reshape(B, N, n_heads, D // n_heads).transpose(0, 2, 1, 3) for W in weights[1:3]])
        else:
            out.append(None)
            seq = None
    return out


@sample(expected=[np.array([[1.0, 0.0]]), np.array([[1 / (1 + np.exp(0.5 ** 0.5)), 1 / (1 + np.exp(-(0.5 ** 0.5)))]]),
                  2, "ValueError", 2])
def example_from_prompt(m):
    """identity weights, D = 2, 1 head, max_len 4: step [1, 0], step [0, 1], len, prefill 3 zeros (too many), len"""
    eye = np.eye(2)
    ops = [("step", np.array([[1.0, 0.0]])), ("step", np.array([[0.0, 1.0]])), ("len",),
           ("prefill", np.zeros((1, 3, 2))), ("len",)]
    return _drive(m, [eye] * 4, 1, 4, ops)


# Sample scenarios keep their inputs in their own body (the user sees that code); these repeat them for _expect.
def _prefill_then_steps():
    x = np.random.default_rng(1).normal(size=(2, 7, 8))
    return _weights(2, 8), 2, 10, _chunks(x, [4, 1, 1, 1]) + [("len",)]


@sample(expected=_expect(*_prefill_then_steps()))
def prefill_then_steps(m):
    """B = 2, D = 8, 2 heads: prefill 4 tokens, then 3 single steps, then len"""
    x = np.random.default_rng(1).normal(size=(2, 7, 8))
    return _drive(m, _weights(2, 8), 2, 10, _chunks(x, [4, 1, 1, 1]) + [("len",)])


def _capacity_is_exact():
    x = np.random.default_rng(3).normal(size=(1, 9, 4))
    ops = [("prefill", x[:, :3]), ("prefill", x[:, 3:6]), ("prefill", x[:, 3:5]), ("step", x[:, 5]), ("len",)]
    return _weights(4, 4), 2, 5, ops


@sample(expected=_expect(*_capacity_is_exact()))
def capacity_is_exact(m):
    """max_len 5, B = 1, D = 4: prefill 3, prefill 3 (fails), prefill 2 (fills it exactly), step (fails), len"""
    x = np.random.default_rng(3).normal(size=(1, 9, 4))
    ops = [("prefill", x[:, :3]), ("prefill", x[:, 3:6]), ("prefill", x[:, 3:5]), ("step", x[:, 5]), ("len",)]
    return _drive(m, _weights(4, 4), 2, 5, ops)


def _chunks_of_mixed_sizes():
    x = np.random.default_rng(5).normal(size=(3, 11, 12))
    return _weights(6, 12), 3, 16, _chunks(x, [4, 1, 3, 1, 2])


@hidden(expected=_expect(*_chunks_of_mixed_sizes()))
def chunks_of_mixed_sizes(m):
    """B = 3, D = 12, 3 heads: chunks of 4, 1, 3, 1, 2 (prefills and steps mixed)"""
    return _drive(m, *_chunks_of_mixed_sizes())


def _one_token_at_a_time():
    x = np.random.default_rng(7).normal(size=(2, 10, 16))
    return _weights(8, 16), 4, 10, _chunks(x, [1] * 10)


@hidden(expected=_expect(*_one_token_at_a_time()))
def one_token_at_a_time(m):
    """B = 2, D = 16, 4 heads: ten single steps"""
    return _drive(m, *_one_token_at_a_time())


def _whole_sequence_in_one_prefill():
    x = np.random.default_rng(9).normal(size=(2, 6, 8))
    return _weights(10, 8), 1, 6, [("prefill", x), ("len",)]


@hidden(expected=_expect(*_whole_sequence_in_one_prefill()))
def whole_sequence_in_one_prefill(m):
    """B = 2, D = 8, 1 head: one prefill of 6 tokens (plain causal attention)"""
    return _drive(m, *_whole_sequence_in_one_prefill())


def _cached_keys_and_values():
    x = np.random.default_rng(11).normal(size=(2, 3, 6))
    return _weights(12, 6), 3, 8, [("prefill", x[:, :2]), ("kv",), ("step", x[:, 2]), ("kv",)]


@hidden(expected=_expect(*_cached_keys_and_values()))
def cached_keys_and_values(m):
    """B = 2, D = 6, 3 heads: prefill 2, kv, step, kv"""
    return _drive(m, *_cached_keys_and_values())


def _one_dimension_per_head():
    x = np.random.default_rng(13).normal(size=(1, 5, 4))
    return _weights(14, 4), 4, 5, _chunks(x, [3, 1, 1])


@hidden(expected=_expect(*_one_dimension_per_head()))
def one_dimension_per_head(m):
    """n_heads = D = 4, B = 1: prefill 3, then 2 steps"""
    return _drive(m, *_one_dimension_per_head())


def _batch_size_mismatch():
    rng = np.random.default_rng(15)
    x, other = rng.normal(size=(2, 3, 6)), rng.normal(size=(3, 6))
    ops = [("prefill", x[:, :2]), ("step", other), ("len",), ("step", x[:, 2]), ("len",)]
    return _weights(16, 6), 2, 8, ops


@hidden(expected=_expect(*_batch_size_mismatch()))
def batch_size_mismatch(m):
    """B = 2 cached, then a step with B = 3 (fails, cache unchanged), then B = 2 again, len"""
    return _drive(m, *_batch_size_mismatch())


def _reset_then_new_batch_size():
    rng = np.random.default_rng(17)
    a, b = rng.normal(size=(1, 3, 6)), rng.normal(size=(4, 4, 6))
    ops = [("prefill", a), ("len",), ("reset",), ("len",), ("prefill", b[:, :2]), ("step", b[:, 2]), ("step", b[:, 3]),
           ("len",), ("kv",)]
    return _weights(18, 6), 3, 3, ops


@hidden(expected=_expect(*_reset_then_new_batch_size()))
def reset_then_new_batch_size(m):
    """fill to max_len 3 with B = 1, reset, then prefill B = 4 and step, len"""
    return _drive(m, *_reset_then_new_batch_size())


def _failed_prefill_leaves_cache_unchanged():
    x = np.random.default_rng(19).normal(size=(2, 7, 8))
    ops = [("prefill", x[:, :4]), ("prefill", x[:, 4:7]), ("step", x[:, 4]), ("step", x[:, 5]), ("len",), ("kv",)]
    return _weights(20, 8), 2, 6, ops


@hidden(expected=_expect(*_failed_prefill_leaves_cache_unchanged()))
def failed_prefill_leaves_cache_unchanged(m):
    """max_len 6: prefill 4, prefill 3 (fails), then steps 2 more tokens; outputs must match the full sequence"""
    return _drive(m, *_failed_prefill_leaves_cache_unchanged())


def _large_scores_need_max_shift():
    x = np.random.default_rng(21).normal(size=(1, 6, 8)) * 3
    return _weights(22, 8, scale=40.0), 2, 6, _chunks(x, [3, 1, 2])


@hidden(expected=_expect(*_large_scores_need_max_shift()))
def large_scores_need_max_shift(m):
    """weights scaled by 40: raw exp overflows"""
    return _drive(m, *_large_scores_need_max_shift())


@hidden(expected=[np.random.default_rng(23).normal(size=(2, 4, 8))] + _weights(24, 8))
def inputs_are_not_modified(m):
    """run prefill and step, then return x and the four weight matrices"""
    x = np.random.default_rng(23).normal(size=(2, 4, 8))
    weights = _weights(24, 8)
    _drive(m, weights, 2, 8, _chunks(x, [3, 1]))
    return [x] + weights


def _longer_generation():
    x = np.random.default_rng(25).normal(size=(2, 96, 64))
    return _weights(26, 64), 8, 96, _chunks(x, [64] + [1] * 32) + [("len",)]


@hidden(expected=_expect(*_longer_generation()))
def longer_generation(m):
    """B = 2, D = 64, 8 heads, max_len 96: prefill 64, then 32 single steps"""
    return _drive(m, *_longer_generation())


# Independent checks of the reference itself (plain pytest only).
def _torch_full(x, weights, n_heads):
    import torch

    t = torch.from_numpy(x)
    W_q, W_k, W_v, W_o = (torch.from_numpy(w) for w in weights)
    batch, length, d_model = x.shape

    def heads(y):
        return y.reshape(batch, length, n_heads, d_model // n_heads).transpose(1, 2)

    out = torch.nn.functional.scaled_dot_product_attention(heads(t @ W_q), heads(t @ W_k), heads(t @ W_v), is_causal=True)
    return (out.transpose(1, 2).reshape(batch, length, d_model) @ W_o).numpy()


def test_any_chunking_matches_full_recomputation(solution):
    rng = np.random.default_rng(30)
    for trial in range(6):
        batch, length, n_heads, dh = int(rng.integers(1, 4)), int(rng.integers(1, 12)), int(rng.integers(1, 4)), 3
        d_model = n_heads * dh
        x = rng.normal(size=(batch, length, d_model))
        weights = _weights(31 + trial, d_model)
        expected = _torch_full(x, weights, n_heads)
        cache = solution.CachedSelfAttention(*weights, n_heads=n_heads, max_len=length)
        pieces, s = [], 0
        while s < length:
            n = int(rng.integers(1, length - s + 1))
            pieces.append(cache.prefill(x[:, s:s + n]) if n > 1 else cache.step(x[:, s])[:, None])
            s += n
        np.testing.assert_allclose(np.concatenate(pieces, axis=1), expected, rtol=1e-10, atol=1e-12)
        K, _ = cache.cached_kv()
        np.testing.assert_allclose(K.transpose(0, 2, 1, 3).reshape(batch, length, d_model), x @ weights[1], rtol=1e-12)
