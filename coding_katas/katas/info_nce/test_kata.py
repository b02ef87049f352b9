import math

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _complex_step: the loss written once more with explicit loops over rows and
# columns, evaluated in complex arithmetic; the gradient of each input entry is Im(L(x + i h e_k)) / h with
# h = 1e-30, exact to rounding (no subtraction, unlike finite differences). The reference is also checked
# against torch autograd below (plain pytest only).


def _loss_terms(a, b, t):
    """(loss, i2t, t2i, logits) for real or complex inputs; the shift uses real parts (any constant is valid)."""
    n = a.shape[0]
    u = a / np.sqrt((a * a).sum(axis=1, keepdims=True))
    v = b / np.sqrt((b * b).sum(axis=1, keepdims=True))
    logits = np.array([[sum(u[i, k] * v[j, k] for k in range(a.shape[1])) / t for j in range(n)] for i in range(n)])
    i2t = t2i = 0
    for i in range(n):
        top = max(logits[i, j].real for j in range(n))
        i2t = i2t - (logits[i, i] - top - np.log(sum(np.exp(logits[i, j] - top) for j in range(n)))) / n
    for j in range(n):
        top = max(logits[i, j].real for i in range(n))
        t2i = t2i - (logits[j, j] - top - np.log(sum(np.exp(logits[i, j] - top) for i in range(n)))) / n
    return (i2t + t2i) / 2, i2t, t2i, logits


def _complex_step(a, b, t, h=1e-30):
    loss, i2t, t2i, logits = _loss_terms(a.astype(float), b.astype(float), t)
    grads = []
    for which in (0, 1):
        g = np.zeros_like(a if which == 0 else b, dtype=float)
        for idx in np.ndindex(g.shape):
            x = [a.astype(complex), b.astype(complex)]
            x[which][idx] += 1j * h
            g[idx] = _loss_terms(x[0], x[1], t)[0].imag / h
        grads.append(g)
    return {"loss": float(loss), "loss_i2t": float(i2t), "loss_t2i": float(t2i), "logits": logits.real,
            "grad_image": grads[0], "grad_text": grads[1]}


def _pairs(seed, n, d, noise=0.5, scale=1.0):
    """Text embeddings near their images, with rows of uneven norms."""
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(n, d))
    b = a + noise * rng.normal(size=(n, d))
    return a * rng.uniform(0.2, 5.0, size=(n, 1)) * scale, b * rng.uniform(0.2, 5.0, size=(n, 1))


L_EYE = math.log(1 + math.exp(-1))
G_EYE = np.array([[0.0, 1.0], [1.0, 0.0]]) * (1 - math.e / (1 + math.e)) / 2


@sample(expected={"loss": L_EYE, "loss_i2t": L_EYE, "loss_t2i": L_EYE, "logits": np.eye(2), "grad_image": G_EYE,
                  "grad_text": G_EYE})
def prompt_example(m):
    """image = text = I (2 x 2), temperature 1: loss log(1 + 1/e); gradient (1 - e/(1+e)) / 2 off the diagonal"""
    return m.clip_loss(np.eye(2), np.eye(2), 1.0)


SMALL = _pairs(1, 4, 3)


@sample(expected=_complex_step(*SMALL, 0.07))
def four_pairs_temperature_0_07(m):
    """4 pairs in 3-D with uneven norms, temperature 0.07 (CLIP's initial value)"""
    return m.clip_loss(*SMALL, 0.07)


@sample(expected=_complex_step(SMALL[0] * 10.0, SMALL[1], 0.07)["loss"])
def loss_ignores_norms(m):
    """the same pairs with the images scaled by 10: the loss is unchanged (only directions matter)"""
    return m.clip_loss(SMALL[0] * 10.0, SMALL[1], 0.07)["loss"]


ASYM = _pairs(2, 6, 4, noise=1.0)


@hidden(expected=_complex_step(*ASYM, 0.2))
def asymmetric_directions(m):
    """6 pairs, noisy matches, temperature 0.2: loss_i2t and loss_t2i differ"""
    return m.clip_loss(*ASYM, 0.2)


TIGHT = _pairs(3, 5, 6, noise=0.02)


@hidden(expected=_complex_step(*TIGHT, 1e-3))
def temperature_1e_minus_3(m):
    """near-identical pairs at temperature 0.001: logits near 1000, exp overflows without a max shift"""
    return m.clip_loss(*TIGHT, 1e-3)


@hidden(expected={"loss": 0.0, "loss_i2t": 0.0, "loss_t2i": 0.0, "logits": np.array([[-0.8 / 0.5]]),
                  "grad_image": np.zeros((1, 2)), "grad_text": np.zeros((1, 2))})
def single_pair(m):
    """N = 1: a single pair has no negatives, so the loss and the gradients are 0
    (logit [0.6, 0.8] . [0, -1] / 0.5 = -1.6)"""
    return m.clip_loss(np.array([[3.0, 4.0]]), np.array([[0.0, -2.0]]), 0.5)


DUP = _pairs(4, 5, 4)
DUP = (DUP[0], np.vstack([DUP[1][:1], DUP[1][:1] * 2.0, DUP[1][2:]]))


@hidden(expected=_complex_step(*DUP, 0.1))
def duplicate_captions(m):
    """texts 0 and 1 point the same way: the targets stay on the diagonal (a false negative the loss penalises)"""
    return m.clip_loss(*DUP, 0.1)


BIG = _pairs(5, 12, 6)


@hidden(expected=_complex_step(*BIG, 0.05))
def twelve_pairs(m):
    """12 pairs in 6-D, temperature 0.05"""
    return m.clip_loss(*BIG, 0.05)


@hidden(expected=[SMALL[0].copy(), SMALL[1].copy()])
def inputs_not_modified(m):
    a, b = SMALL[0].copy(), SMALL[1].copy()
    m.clip_loss(a, b, 0.07)
    return [a, b]


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_autograd(solution):
    import torch
    import torch.nn.functional as F

    for seed, n, d, t in ((11, 8, 5, 0.07), (12, 3, 16, 0.01), (13, 16, 4, 1.0)):
        a, b = _pairs(seed, n, d)
        ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
        logits = F.normalize(ta, dim=1) @ F.normalize(tb, dim=1).T / t
        target = torch.arange(n)
        loss = (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target)) / 2
        loss.backward()
        out = solution.clip_loss(a, b, t)
        assert abs(out["loss"] - loss.item()) < 1e-12
        np.testing.assert_allclose(out["grad_image"], ta.grad.numpy(), rtol=1e-9, atol=1e-13)
        np.testing.assert_allclose(out["grad_text"], tb.grad.numpy(), rtol=1e-9, atol=1e-13)
