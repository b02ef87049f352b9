import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _loop_quantize (one group at a time with Python's min, max and round, which
# is also round-half-to-even). The reference is also checked against a PyTorch transcription of GPTQ's
# Quantizer (find_params + quantize with sym=False, maxq=15) below (plain pytest only).


def _loop_quantize(w, g):
    out, cols = w.shape
    q = np.zeros((out, cols), dtype=np.uint8)
    scale, zero = np.zeros((out, cols // g)), np.zeros((out, cols // g), dtype=np.uint8)
    for r in range(out):
        for j in range(cols // g):
            x = [float(v) for v in w[r, j * g:(j + 1) * g]]
            lo, hi = min(min(x), 0.0), max(max(x), 0.0)
            if lo == 0.0 and hi == 0.0:
                lo, hi = -1.0, 1.0
            s = (hi - lo) / 15
            z = round(-lo / s)
            scale[r, j], zero[r, j] = s, z
            for i, v in enumerate(x):
                q[r, j * g + i] = min(15, max(0, round(v / s) + z))
    return q, scale, zero


def _loop_dequantize(q, scale, zero, g):
    return np.array([[scale[r, c // g] * (int(q[r, c]) - int(zero[r, c // g])) for c in range(q.shape[1])]
                     for r in range(q.shape[0])])


def _weights(seed, out, cols, std=0.02):
    return np.random.default_rng(seed).normal(0, std, size=(out, cols))


def _all(m, w, g):
    q, s, z = m.quantize_int4(w, g)
    return [q, s, z, m.dequantize_int4(q, s, z, g)]


def _expected_all(w, g):
    q, s, z = _loop_quantize(w, g)
    return [q, s, z, _loop_dequantize(q, s, z, g)]


@sample(expected=[np.array([[0, 5, 7, 15]]), np.array([[0.2]]), np.array([[5]]), np.array([[-1.0, 0.0, 0.4, 2.0]]),
                  np.array([[80, 247]])])
def prompt_example(m):
    """one group [-1, 0, 0.5, 2]: scale 0.2, zero 5, 2.5 rounds to 2; [q, scale, zero, dequantized, packed]"""
    out = _all(m, np.array([[-1.0, 0.0, 0.5, 2.0]]), 4)
    return out + [m.pack_int4(out[0])]


SMALL = _weights(1, 2, 8, std=1.0)


@sample(expected=_expected_all(SMALL, 4))
def two_rows_two_groups(m):
    """w (2, 8), group size 4: four groups, each with its own scale and zero"""
    return _all(m, SMALL, 4)


CODES = np.array([[0, 15, 1, 2, 14, 7, 8, 3], [5, 5, 0, 0, 15, 15, 9, 10]], dtype=np.uint8)


@sample(expected=[np.array([[240, 33, 126, 56], [85, 0, 255, 169]]), CODES])
def pack_and_unpack(m):
    """codes (2, 8) -> bytes low nibble first (0 | 15 << 4 = 240, ...), and back"""
    packed = m.pack_int4(CODES)
    return [packed, m.unpack_int4(packed)]


BIG = _weights(2, 8, 256)


@hidden(expected=_expected_all(BIG, 128))
def llm_like_weights_group_128(m):
    """w (8, 256) ~ N(0, 0.02), group size 128"""
    return _all(m, BIG, 128)


ODD = np.array([[0.0] * 4 + [0.5, 1.0, 1.5, 3.0] + [-3.0, -0.25, -1.0, -2.0] + [0.0, 0.0, 7.0, 0.0]])


@hidden(expected=_expected_all(ODD, 4))
def zero_positive_negative_and_sparse_groups(m):
    """groups: all zeros (range [-1, 1]), only positive (zero 0), only negative (zero 15), mostly zeros"""
    return _all(m, ODD, 4)


TIES = np.array([[-1.25, 2.5, 0.125, 0.375, -0.625, 1.125, 0.0, -1.25]])


@hidden(expected=[np.array([[0, 15, 5, 7, 3, 9, 5, 0]]), np.array([[0.25]]), np.array([[5]])])
def rounding_ties_go_to_even(m):
    """scale 0.25, zero 5: x / scale = 0.5, 1.5, -2.5, 4.5 round to 0, 2, -2, 4 (half to even)"""
    return list(m.quantize_int4(TIES, 8))


ONE = _weights(3, 3, 64, std=0.5)


@hidden(expected=_expected_all(ONE, 64))
def one_group_per_row(m):
    """group_size equal to the row length"""
    return _all(m, ONE, 64)


@hidden(expected=True)
def error_within_half_a_step(m):
    """every dequantized weight is within scale / 2 of the original (nothing clipped: 0 is inside the range)"""
    q, s, z = m.quantize_int4(BIG, 32)
    err = np.abs(m.dequantize_int4(q, s, z, 32) - BIG).reshape(8, 8, 32)
    return bool(np.all(err <= s[..., None] / 2 * (1 + 1e-9)))


@hidden(expected=["ValueError", "ok"])
def group_size_must_divide(m):
    """in = 12 with group size 8 raises ValueError; group size 6 works"""
    out = []
    for g in (8, 6):
        try:
            m.quantize_int4(_weights(4, 2, 12), g)
            out.append("ok")
        except ValueError:
            out.append("ValueError")
    return out


@hidden(expected=[BIG.copy(), CODES.copy()])
def inputs_not_modified(m):
    w, c = BIG.copy(), CODES.copy()
    m.quantize_int4(w, 64)
    m.pack_int4(c)
    return [w, c]


# Independent checks of the reference itself (plain pytest only).
def test_matches_gptq_quantizer_in_torch(solution):
    import torch

    for seed, g in ((10, 32), (11, 128)):
        w = torch.tensor(_weights(seed, 16, 256, std=0.05))
        x = w.reshape(-1, g)  # GPTQ quantizes groups as rows
        xmin = torch.minimum(x.min(1).values, torch.zeros(1, dtype=x.dtype))
        xmax = torch.maximum(x.max(1).values, torch.zeros(1, dtype=x.dtype))
        tmp = (xmin == 0) & (xmax == 0)
        xmin[tmp], xmax[tmp] = -1, 1
        scale = (xmax - xmin) / 15
        zero = torch.round(-xmin / scale)
        q = torch.clamp(torch.round(x / scale[:, None]) + zero[:, None], 0, 15)
        deq = (scale[:, None] * (q - zero[:, None])).reshape(16, 256)
        qs, s, z = solution.quantize_int4(w.numpy(), g)
        np.testing.assert_array_equal(qs, q.reshape(16, 256).numpy())
        np.testing.assert_allclose(solution.dequantize_int4(qs, s, z, g), deq.numpy(), rtol=1e-14)
