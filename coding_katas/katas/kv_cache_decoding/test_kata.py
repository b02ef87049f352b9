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


@sample(expected=[np.array([[1.0, 0.0]]), np.array([[1 / (1 + np.exp(0.5 ** 0.5)), 1 / (1 + np.exp(-(0.5 ** 0.5)))]]),
                  2, "ValueError", 2])
def example_from_prompt(m):
    """identity weights, D = 2, 1 head, max_len 4: step [1, 0], step [0, 1], len, prefill 3 zeros (too many), len"""
    eye = np.eye(2)
    ops = [("step", np.array([[1.0, 0.0]])), ("step", np.array([[0.0, 1.0]])), ("len",),
           ("prefill", np.zeros((1, 3, 2))), ("len",)]
    return _drive(m, [eye] * 4, 1, 4, ops)


@sample
def prefill_then_steps(m):
    """B = 2, D = 8, 2 heads: prefill 4 tokens, then 3 single steps, then len"""
    x = np.random.default_rng(1).normal(size=(2, 7, 8))
    return _drive(m, _weights(2, 8), 2, 10, _chunks(x, [4, 1, 1, 1]) + [("len",)])


@sample
def capacity_is_exact(m):
    """max_len 5, B = 1, D = 4: prefill 3, prefill 3 (fails), prefill 2 (fills it exactly), step (fails), len"""
    x = np.random.default_rng(3).normal(size=(1, 9, 4))
    ops = [("prefill", x[:, :3]), ("prefill", x[:, 3:6]), ("prefill", x[:, 3:5]), ("step", x[:, 5]), ("len",)]
    return _drive(m, _weights(4, 4), 2, 5, ops)


@hidden
def chunks_of_mixed_sizes(m):
    """B = 3, D = 12, 3 heads: chunks of 4, 1, 3, 1, 2 (prefills and steps mixed)"""
    x = np.random.default_rng(5).normal(size=(3, 11, 12))
    return _drive(m, _weights(6, 12), 3, 16, _chunks(x, [4, 1, 3, 1, 2]))


@hidden
def one_token_at_a_time(m):
    """B = 2, D = 16, 4 heads: ten single steps"""
    x = np.random.default_rng(7).normal(size=(2, 10, 16))
    return _drive(m, _weights(8, 16), 4, 10, _chunks(x, [1] * 10))


@hidden
def whole_sequence_in_one_prefill(m):
    """B = 2, D = 8, 1 head: one prefill of 6 tokens (plain causal attention)"""
    x = np.random.default_rng(9).normal(size=(2, 6, 8))
    return _drive(m, _weights(10, 8), 1, 6, [("prefill", x), ("len",)])


@hidden
def cached_keys_and_values(m):
    """B = 2, D = 6, 3 heads: prefill 2, kv, step, kv"""
    x = np.random.default_rng(11).normal(size=(2, 3, 6))
    return _drive(m, _weights(12, 6), 3, 8, [("prefill", x[:, :2]), ("kv",), ("step", x[:, 2]), ("kv",)])


@hidden
def one_dimension_per_head(m):
    """n_heads = D = 4, B = 1: prefill 3, then 2 steps"""
    x = np.random.default_rng(13).normal(size=(1, 5, 4))
    return _drive(m, _weights(14, 4), 4, 5, _chunks(x, [3, 1, 1]))


@hidden
def batch_size_mismatch(m):
    """B = 2 cached, then a step with B = 3 (fails, cache unchanged), then B = 2 again, len"""
    rng = np.random.default_rng(15)
    x, other = rng.normal(size=(2, 3, 6)), rng.normal(size=(3, 6))
    ops = [("prefill", x[:, :2]), ("step", other), ("len",), ("step", x[:, 2]), ("len",)]
    return _drive(m, _weights(16, 6), 2, 8, ops)


@hidden
def reset_then_new_batch_size(m):
    """fill to max_len 3 with B = 1, reset, then prefill B = 4 and step, len"""
    rng = np.random.default_rng(17)
    a, b = rng.normal(size=(1, 3, 6)), rng.normal(size=(4, 4, 6))
    ops = [("prefill", a), ("len",), ("reset",), ("len",), ("prefill", b[:, :2]), ("step", b[:, 2]), ("step", b[:, 3]),
           ("len",), ("kv",)]
    return _drive(m, _weights(18, 6), 3, 3, ops)


@hidden
def failed_prefill_leaves_cache_unchanged(m):
    """max_len 6: prefill 4, prefill 3 (fails), then steps 2 more tokens; outputs must match the full sequence"""
    x = np.random.default_rng(19).normal(size=(2, 7, 8))
    ops = [("prefill", x[:, :4]), ("prefill", x[:, 4:7]), ("step", x[:, 4]), ("step", x[:, 5]), ("len",), ("kv",)]
    return _drive(m, _weights(20, 8), 2, 6, ops)


@hidden
def large_scores_need_max_shift(m):
    """weights scaled by 40: raw exp overflows"""
    x = np.random.default_rng(21).normal(size=(1, 6, 8)) * 3
    return _drive(m, _weights(22, 8, scale=40.0), 2, 6, _chunks(x, [3, 1, 2]))


@hidden
def inputs_are_not_modified(m):
    """run prefill and step, then return x and the four weight matrices"""
    x = np.random.default_rng(23).normal(size=(2, 4, 8))
    weights = _weights(24, 8)
    _drive(m, weights, 2, 8, _chunks(x, [3, 1]))
    return [x] + weights


@hidden
def longer_generation(m):
    """B = 2, D = 64, 8 heads, max_len 96: prefill 64, then 32 single steps"""
    x = np.random.default_rng(25).normal(size=(2, 96, 64))
    return _drive(m, _weights(26, 64), 8, 96, _chunks(x, [64] + [1] * 32) + [("len",)])


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
