import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values come from _complex_rope: each pair (x_i, x_{i + r/2}) as the complex number
# x_i + 1j * x_{i + r/2}, multiplied by exp(1j * theta), a formulation separate from the reference's
# cos/sin algebra. test_matches_hf_rotate_half checks the reference against the Hugging Face torch code.


def _complex_rope(x, positions, base=10000.0, rotary_dim=None):
    d = x.shape[-1]
    r = d if rotary_dim is None else rotary_dim
    h = r // 2
    theta = np.asarray(positions, dtype=float)[..., None] / base ** (np.arange(h) * 2.0 / r)
    z = (x[..., :h] + 1j * x[..., h:r]) * np.exp(1j * theta)
    lead = np.broadcast_shapes(x.shape[:-1], np.shape(positions))
    out = np.empty(lead + (d,))
    out[..., :h], out[..., h:r], out[..., r:] = z.real, z.imag, x[..., r:]
    return out


X_EX = np.array([[1.0, 0.0, 0.0, 0.0], [1.0, 2.0, 3.0, 4.0]])


@sample(expected=np.array([[1.0, 0.0, 0.0, 0.0],
                           [np.cos(1) - 3 * np.sin(1), 2 * np.cos(0.01) - 4 * np.sin(0.01),
                            3 * np.cos(1) + np.sin(1), 4 * np.cos(0.01) + 2 * np.sin(0.01)]]))
def prompt_example(m):
    """x = [[1, 0, 0, 0], [1, 2, 3, 4]] at positions [0, 1]"""
    return m.apply_rope_half(X_EX, np.array([0, 1]))


X_HEADS = np.random.default_rng(1).normal(size=(2, 3, 5, 8))


@sample(expected=_complex_rope(X_HEADS, np.arange(5)))
def batch_of_heads(m):
    """x (2, 3, 5, 8) at positions 0..4"""
    return m.apply_rope_half(X_HEADS, np.arange(5))


@sample(expected=_complex_rope(X_HEADS, np.arange(7, 12), rotary_dim=4))
def partial_rotary_with_offset(m):
    """the same x with rotary_dim 4 (features 4..7 unchanged) at positions 7..11"""
    return m.apply_rope_half(X_HEADS, np.arange(7, 12), rotary_dim=4)


POS_ROWS = np.array([[[0, 0, 0, 1, 2]], [[0, 1, 2, 3, 4]]])


@hidden(expected=_complex_rope(X_HEADS, POS_ROWS))
def per_sequence_positions(m):
    """positions (2, 1, 5): sequence 0 is left-padded (positions 0, 0, 0, 1, 2), sequence 1 is not"""
    return m.apply_rope_half(X_HEADS, POS_ROWS)


X_LONG = np.random.default_rng(2).normal(size=(6, 16))
FAR = np.array([0, 1, 4095, 4096, 32767, 100000])


@hidden(expected=_complex_rope(X_LONG, FAR, base=500000.0))
def far_positions_llama3_base(m):
    """x (6, 16) at positions up to 100,000 with base 500,000 (Llama 3)"""
    return m.apply_rope_half(X_LONG, FAR, base=500000.0)


@hidden(expected=_complex_rope(X_LONG, np.arange(6) * 3, rotary_dim=2))
def rotary_dim_two(m):
    """rotary_dim 2: only features 0 and 1 rotate, at frequency 1"""
    return m.apply_rope_half(X_LONG, np.arange(6) * 3, rotary_dim=2)


Q = np.random.default_rng(3).normal(size=(1, 12))
K = np.random.default_rng(4).normal(size=(1, 12))


def _dots(rope):
    pairs = ((5, 2), (13, 10), (103, 100), (2, 5))
    return [float(rope(Q, np.array([a]))[0] @ rope(K, np.array([b]))[0]) for a, b in pairs]


@hidden(expected=_dots(_complex_rope))
def dot_product_depends_on_offset(m):
    """q.k after rotating q at m and k at n for (5, 2), (13, 10), (103, 100) (all equal) and (2, 5)"""
    return _dots(m.apply_rope_half)


@hidden(expected=_complex_rope(X_LONG[:3, :10], np.array([2, 9, 40]), base=10.0, rotary_dim=6))
def small_base_and_partial_width(m):
    """x (3, 10), base 10, rotary_dim 6 at positions 2, 9, 40"""
    return m.apply_rope_half(X_LONG[:3, :10], np.array([2, 9, 40]), base=10.0, rotary_dim=6)


@hidden(expected=[X_HEADS.copy(), POS_ROWS.copy()])
def inputs_not_modified(m):
    x, pos = X_HEADS.copy(), POS_ROWS.copy()
    m.apply_rope_half(x, pos, rotary_dim=6)
    return [x, pos]


# Independent checks of the reference itself (plain pytest only).
def test_matches_hf_rotate_half(solution):
    import torch

    def rotate_half(t):
        t1, t2 = t[..., : t.shape[-1] // 2], t[..., t.shape[-1] // 2:]
        return torch.cat((-t2, t1), dim=-1)

    x = torch.tensor(np.random.default_rng(5).normal(size=(2, 4, 9, 32)))
    pos = torch.arange(3, 12)
    inv_freq = 1.0 / (10000.0 ** (torch.arange(0, 32, 2, dtype=torch.float64) / 32))
    emb = torch.cat([pos[:, None] * inv_freq] * 2, dim=-1)
    expected = x * emb.cos() + rotate_half(x) * emb.sin()
    got = solution.apply_rope_half(x.numpy(), pos.numpy())
    np.testing.assert_allclose(got, expected.numpy(), rtol=1e-12, atol=1e-12)
