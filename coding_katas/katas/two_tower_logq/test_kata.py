import math

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _loop (the loss written with Python loops over the unmasked entries only)
# with gradients by complex-step differentiation of that loop (Im L(x + i h e_k) / h, h = 1e-30: exact to
# rounding). The reference is also checked against torch autograd below (plain pytest only).


def _loop_loss(U, V, ids, q, t, mask):
    B = U.shape[0]
    total = 0
    for i in range(B):
        cols = [j for j in range(B) if not (mask and j != i and ids[j] == ids[i])]
        row = {j: sum(U[i, k] * V[j, k] for k in range(U.shape[1])) / t - math.log(q[j]) for j in cols}
        top = max(v.real for v in row.values())
        total = total + top + np.log(sum(np.exp(v - top) for v in row.values())) - row[i]
    return total / B


def _loop(U, V, ids, q, t=0.05, mask=True, h=1e-30):
    B = U.shape[0]
    logits = U @ V.T / t - np.log(q)[None, :]
    if mask:
        for i in range(B):
            for j in range(B):
                if j != i and ids[j] == ids[i]:
                    logits[i, j] = -np.inf
    grads = []
    for which in (0, 1):
        g = np.zeros_like(U)
        for idx in np.ndindex(g.shape):
            x = [U.astype(complex), V.astype(complex)]
            x[which][idx] += 1j * h
            g[idx] = _loop_loss(x[0], x[1], ids, q, t, mask).imag / h
        grads.append(g)
    return {"loss": float(_loop_loss(U, V, ids, q, t, mask).real), "logits": logits, "grad_user": grads[0],
            "grad_item": grads[1]}


def _batch(seed, B, d, n_items, scale=1.0):
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, n_items, size=B)
    popularity = rng.uniform(0.001, 0.5, size=n_items)
    item_vecs = rng.normal(0, scale, size=(n_items, d))
    users = item_vecs[ids] + rng.normal(0, 0.5 * scale, size=(B, d))
    return users, item_vecs[ids].copy(), ids, popularity[ids]


@sample(expected={"loss": ((math.log(math.exp(1 - math.log(0.5)) + math.exp(-math.log(0.05))) - (1 - math.log(0.5)))
                           + (math.log(math.exp(-math.log(0.5)) + math.exp(1 - math.log(0.05))) - (1 - math.log(0.05))))
                  / 2, "logits": np.array([[1 - math.log(0.5), -math.log(0.05)], [-math.log(0.5), 1 - math.log(0.05)]]),
                  "grad_user": _loop(np.eye(2), np.eye(2), np.array([7, 8]), np.array([0.5, 0.05]), 1.0)["grad_user"],
                  "grad_item": _loop(np.eye(2), np.eye(2), np.array([7, 8]), np.array([0.5, 0.05]), 1.0)["grad_item"]})
def prompt_example(m):
    """U = V = I (2 x 2), q = [0.5, 0.05], temperature 1"""
    return m.in_batch_softmax_logq(np.eye(2), np.eye(2), np.array([7, 8]), np.array([0.5, 0.05]), 1.0)


SMALL = _batch(1, 5, 3, 50)


@sample(expected=_loop(*SMALL, 0.1))
def five_pairs(m):
    """5 pairs in 3-D, distinct items, temperature 0.1"""
    return m.in_batch_softmax_logq(*SMALL, 0.1)


DUP = (SMALL[0], SMALL[1].copy(), np.array([3, 9, 3, 4, 9]), SMALL[3].copy())
DUP[1][2], DUP[1][4] = DUP[1][0], DUP[1][1]
DUP[3][2], DUP[3][4] = DUP[3][0], DUP[3][1]


@sample(expected=_loop(*DUP, 0.1))
def duplicate_items_masked(m):
    """items 3 and 9 appear twice: rows 0/2 and 1/4 do not treat each other's copy as a negative"""
    return m.in_batch_softmax_logq(*DUP, 0.1)


@hidden(expected=_loop(*DUP, 0.1, mask=False))
def duplicate_items_not_masked(m):
    """the same batch with remove_accidental_hits=False: the copies count as negatives"""
    return m.in_batch_softmax_logq(*DUP, 0.1, remove_accidental_hits=False)


UNIFORM = _batch(2, 6, 4, 100)
UNIFORM = UNIFORM[:3] + (np.full(6, 0.02),)


@hidden(expected=_loop(*UNIFORM[:3], np.ones(6), 0.05))
def uniform_q_changes_nothing_but_logits(m):
    """q = 0.02 for every item: loss and gradients equal the uncorrected ones (returned without the logits)"""
    out = m.in_batch_softmax_logq(*UNIFORM, 0.05)
    out["logits"] = out["logits"] + math.log(0.02)
    return out


SKEW = _batch(3, 8, 4, 20)
SKEW = SKEW[:3] + (np.where(np.arange(8) % 2 == 0, 0.9, 1e-6),)


@hidden(expected=_loop(*SKEW, 0.05))
def very_popular_and_very_rare(m):
    """q alternates 0.9 and 1e-6 (with some repeated items): rare items become hard negatives"""
    return m.in_batch_softmax_logq(*SKEW, 0.05)


HOT = _batch(4, 6, 8, 1000, scale=2.0)


@hidden(expected=_loop(*HOT, 0.01))
def temperature_0_01(m):
    """embeddings of norm ~6, temperature 0.01: logits of several thousand, stable log-sum-exp needed"""
    return m.in_batch_softmax_logq(*HOT, 0.01)


@hidden(expected={"loss": 0.0, "logits": np.array([[2.0 / 0.5 - math.log(0.3)]]), "grad_user": np.zeros((1, 2)),
                  "grad_item": np.zeros((1, 2))})
def batch_of_one(m):
    """B = 1: the positive is the only candidate; loss 0 and zero gradients"""
    return m.in_batch_softmax_logq(np.array([[1.0, 1.0]]), np.array([[2.0, 0.0]]), np.array([5]), np.array([0.3]), 0.5)


@hidden(expected=[SMALL[0].copy(), SMALL[1].copy(), SMALL[3].copy()])
def inputs_not_modified(m):
    U, V, q = SMALL[0].copy(), SMALL[1].copy(), SMALL[3].copy()
    m.in_batch_softmax_logq(U, V, SMALL[2], q, 0.1)
    return [U, V, q]


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_autograd(solution):
    import torch
    import torch.nn.functional as F

    for seed, t in ((10, 0.05), (11, 0.2)):
        U, V, ids, q = _batch(seed, 12, 6, 8)
        tu, tv = torch.tensor(U, requires_grad=True), torch.tensor(V, requires_grad=True)
        logits = tu @ tv.T / t - torch.log(torch.tensor(q))[None, :]
        tid = torch.tensor(ids)
        hits = (tid[:, None] == tid[None, :]) & ~torch.eye(12, dtype=torch.bool)
        loss = F.cross_entropy(logits.masked_fill(hits, float("-inf")), torch.arange(12))
        loss.backward()
        out = solution.in_batch_softmax_logq(U, V, ids, q, t)
        assert abs(out["loss"] - loss.item()) < 1e-10
        np.testing.assert_allclose(out["grad_user"], tu.grad.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(out["grad_item"], tv.grad.numpy(), rtol=1e-9, atol=1e-12)
