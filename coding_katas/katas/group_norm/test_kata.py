import math

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand for the small cases, and from _per_group for the others, a loop over samples,
# groups and channels using math.fsum, written separately from the reshape-based reference.
# test_matches_torch checks the reference against torch.nn.functional.group_norm.


def _per_group(x, G, gamma, beta, eps=1e-5):
    N, C = x.shape[:2]
    size = C // G
    out = np.empty_like(x)
    for n in range(N):
        for g in range(G):
            values = x[n, g * size:(g + 1) * size].ravel().tolist()
            mu = math.fsum(values) / len(values)
            var = math.fsum((v - mu) ** 2 for v in values) / len(values)
            for c in range(g * size, (g + 1) * size):
                out[n, c] = (x[n, c] - mu) / math.sqrt(var + eps) * gamma[c] + beta[c]
    return out


def _case(seed, shape, scale=1.0, offset=0.0):
    rng = np.random.default_rng(seed)
    C = shape[1]
    return rng.normal(size=shape) * scale + offset, rng.normal(size=C), rng.normal(size=C)


X_EX = np.array([[[1.0, 2.0], [3.0, 4.0], [10.0, 20.0], [30.0, 50.0]]])


@sample(expected=np.array([np.array([[-1.5, -0.5], [0.5, 1.5]]) / np.sqrt(1.25),
                            np.array([[-17.5, -7.5], [2.5, 22.5]]) / np.sqrt(218.75)]).reshape(1, 4, 2))
def prompt_example(m):
    """x (1, 4, 2) with 2 groups, gamma 1, beta 0, eps 0"""
    return m.group_norm(X_EX, 2, np.ones(4), np.zeros(4), eps=0.0)


@sample(expected=np.array([np.array([[-1.5, -0.5], [0.5, 1.5]]) / np.sqrt(1.25 + 1e-5) * np.array([[1.0], [2.0]]),
                            np.array([[-17.5, -7.5], [2.5, 22.5]]) / np.sqrt(218.75 + 1e-5) * np.array([[1.0], [0.5]])
                            + np.array([[1.0], [-1.0]])]).reshape(1, 4, 2))
def per_channel_affine(m):
    """the same x with gamma [1, 2, 1, 0.5], beta [0, 0, 1, -1] and the default eps"""
    return m.group_norm(X_EX, 2, np.array([1.0, 2.0, 1.0, 0.5]), np.array([0.0, 0.0, 1.0, -1.0]))


CASE_IMG = _case(1, (2, 6, 3, 4))


@sample(expected=_per_group(*CASE_IMG[:1], 3, *CASE_IMG[1:]))
def image_batch_three_groups(m):
    """x (2, 6, 3, 4), 3 groups of 2 channels, random gamma and beta"""
    return m.group_norm(CASE_IMG[0], 3, CASE_IMG[1], CASE_IMG[2])


@hidden(expected=[_per_group(CASE_IMG[0], 1, *CASE_IMG[1:]), _per_group(CASE_IMG[0], 6, *CASE_IMG[1:])])
def one_group_and_one_per_channel(m):
    """the image batch with num_groups 1 (layer norm) and num_groups 6 (instance norm)"""
    x, g, b = CASE_IMG
    return [m.group_norm(x, 1, g, b), m.group_norm(x, 6, g, b)]


CASE_FLAT = _case(2, (5, 8))


@hidden(expected=_per_group(CASE_FLAT[0], 4, *CASE_FLAT[1:], eps=1e-3))
def no_spatial_axes(m):
    """x (5, 8) with 4 groups and eps 1e-3"""
    return m.group_norm(CASE_FLAT[0], 4, *CASE_FLAT[1:], eps=1e-3)


CASE_SEQ = _case(3, (3, 4, 7), scale=5.0)


@hidden(expected=_per_group(CASE_SEQ[0], 2, *CASE_SEQ[1:]))
def sequence_input(m):
    """x (3, 4, 7) with 2 groups"""
    return m.group_norm(CASE_SEQ[0], 2, *CASE_SEQ[1:])


CASE_3D = _case(4, (1, 4, 2, 3, 2))


@hidden(expected=_per_group(CASE_3D[0], 2, *CASE_3D[1:]))
def three_spatial_axes(m):
    """a volume x (1, 4, 2, 3, 2) with 2 groups"""
    return m.group_norm(CASE_3D[0], 2, *CASE_3D[1:])


CASE_OFFSET = _case(5, (2, 4, 5), scale=1.0, offset=1e6)


@hidden(expected=_per_group(CASE_OFFSET[0], 2, *CASE_OFFSET[1:]))
def large_offset(m):
    """values 1e6 + N(0, 1): E[x^2] - E[x]^2 loses the variance"""
    return m.group_norm(CASE_OFFSET[0], 2, *CASE_OFFSET[1:])


_R = 1 / math.sqrt(1 + 1e-5)


@hidden(expected=np.array([[[0.5, 0.5], [-2.0, -2.0], [-_R, _R], [-_R, _R]]]))
def constant_group_gives_beta(m):
    """group 0 is constant 7 (output exactly beta); group 1 holds -1, 1, -1, 1 (mean 0, variance 1)"""
    x = np.array([[[7.0, 7.0], [7.0, 7.0], [-1.0, 1.0], [-1.0, 1.0]]])
    return m.group_norm(x, 2, np.ones(4), np.array([0.5, -2.0, 0.0, 0.0]))


@hidden(expected=list(_case(6, (2, 4, 3))))
def inputs_not_modified(m):
    x, g, b = _case(6, (2, 4, 3))
    m.group_norm(x, 2, g, b)
    return [x, g, b]


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch(solution):
    import torch

    for shape, G in (((2, 6, 3, 4), 3), ((4, 8), 2), ((3, 12, 5), 4), ((2, 4, 2, 3, 2), 4)):
        x, g, b = _case(sum(shape), shape, scale=3.0, offset=2.0)
        expected = torch.nn.functional.group_norm(torch.tensor(x), G, torch.tensor(g), torch.tensor(b), eps=1e-5)
        np.testing.assert_allclose(solution.group_norm(x, G, g, b), expected.numpy(), rtol=1e-10, atol=1e-12)
