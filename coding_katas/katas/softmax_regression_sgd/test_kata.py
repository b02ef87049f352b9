import math

import numpy as np

from coding_katas.scenarios import hidden, sample


def _by_example(X, y, n_classes, lr, batch_size, n_epochs, seed, l2=0.0):
    """Expected values, written independently: per-example gradients accumulated in Python loops and a
    log-sum-exp through math.fsum, with the same shuffling contract."""
    N, D = X.shape
    W, b = [[0.0] * n_classes for _ in range(D)], [0.0] * n_classes
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(n_epochs):
        order = [int(i) for i in rng.permutation(N)]
        for batch in (order[s:s + batch_size] for s in range(0, N, batch_size)):
            gW = [[0.0] * n_classes for _ in range(D)]
            gb = [0.0] * n_classes
            total = 0.0
            for i in batch:
                z = [b[c] + math.fsum(X[i, d] * W[d][c] for d in range(D)) for c in range(n_classes)]
                top = max(z)
                lse = top + math.log(math.fsum(math.exp(v - top) for v in z))
                total += lse - z[y[i]]
                for c in range(n_classes):
                    err = math.exp(z[c] - lse) - (1.0 if c == y[i] else 0.0)
                    gb[c] += err / len(batch)
                    for d in range(D):
                        gW[d][c] += err * X[i, d] / len(batch)
            losses.append(total / len(batch) + 0.5 * l2 * math.fsum(w * w for row in W for w in row))
            for d in range(D):
                for c in range(n_classes):
                    W[d][c] -= lr * (gW[d][c] + l2 * W[d][c])
            b = [b[c] - lr * gb[c] for c in range(n_classes)]
    return np.array(W), np.array(b), np.array(losses)


def _blobs(seed, N, D, C, spread=1.0):
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(C, D)) * 2
    y = rng.integers(0, C, size=N)
    return centers[y] + rng.normal(size=(N, D)) * spread, y


@sample(expected=(np.array([[0.25, -0.25], [-0.25, 0.25]]), np.array([0.0, 0.0]), np.array([math.log(2)])))
def prompt_example(m):
    """X = [[1, 0], [0, 1]], y = [0, 1], one full batch, lr = 1"""
    return m.train_softmax_regression(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0, 1]), n_classes=2, lr=1.0,
                                      batch_size=2, n_epochs=1, seed=0)


X_SMALL, Y_SMALL = _blobs(1, 6, 2, 3)


@sample(expected=_by_example(X_SMALL, Y_SMALL, 3, 0.5, 2, 3, 42))
def batches_of_two_three_epochs(m):
    """6 points, 2 features, 3 classes; batch_size 2, 3 epochs, seed 42, lr 0.5"""
    return m.train_softmax_regression(X_SMALL, Y_SMALL, 3, 0.5, 2, 3, 42)


X_PART, Y_PART = _blobs(2, 7, 3, 2)


@sample(expected=_by_example(X_PART, Y_PART, 2, 0.3, 3, 2, 7))
def last_batch_is_smaller(m):
    """7 points with batch_size 3: batches of 3, 3 and 1 in each of 2 epochs (6 losses)"""
    return m.train_softmax_regression(X_PART, Y_PART, 2, 0.3, 3, 2, 7)


X_MID, Y_MID = _blobs(3, 40, 4, 4)


@hidden(expected=_by_example(X_MID, Y_MID, 4, 0.2, 8, 5, 3, l2=0.05))
def weight_decay_on_w_only(m):
    """40 points, 4 classes, batch 8, 5 epochs, l2 = 0.05 (the bias is not penalised)"""
    return m.train_softmax_regression(X_MID, Y_MID, 4, 0.2, 8, 5, 3, l2=0.05)


X_ONE, Y_ONE = _blobs(4, 9, 2, 3)


@hidden(expected=_by_example(X_ONE, Y_ONE, 3, 0.1, 1, 2, 11))
def batch_size_one(m):
    """pure SGD: 9 points, batch_size 1, 2 epochs"""
    return m.train_softmax_regression(X_ONE, Y_ONE, 3, 0.1, 1, 2, 11)


@hidden(expected=_by_example(X_ONE, Y_ONE, 3, 0.4, 50, 4, 0))
def batch_larger_than_dataset(m):
    """batch_size 50 > N = 9: one full batch per epoch"""
    return m.train_softmax_regression(X_ONE, Y_ONE, 3, 0.4, 50, 4, 0)


X_ABS, Y_ABS = _blobs(5, 12, 3, 2)


@hidden(expected=_by_example(X_ABS, Y_ABS, 5, 0.3, 5, 3, 9))
def classes_without_examples(m):
    """labels only 0 and 1 but n_classes = 5: the other three columns are pushed down, never up"""
    return m.train_softmax_regression(X_ABS, Y_ABS, 5, 0.3, 5, 3, 9)


X_BIG, Y_BIG = _blobs(6, 10, 3, 3, spread=3.0)


@hidden(expected=_by_example(X_BIG * 40, Y_BIG, 3, 1.0, 4, 3, 5))
def huge_logits(m):
    """inputs scaled by 40 and lr 1: logits reach the thousands, a naive exp overflows"""
    return m.train_softmax_regression(X_BIG * 40, Y_BIG, 3, 1.0, 4, 3, 5)


@hidden(expected=[X_SMALL.copy(), Y_SMALL.copy()])
def inputs_not_modified(m):
    X, y = X_SMALL.copy(), Y_SMALL.copy()
    m.train_softmax_regression(X, y, 3, 0.5, 2, 2, 1, l2=0.1)
    return [X, y]


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_sgd(solution):
    import torch

    X, y = _blobs(12, 30, 5, 4)
    lr, bs, epochs, seed, l2 = 0.3, 7, 4, 13, 0.01
    W, b, losses = solution.train_softmax_regression(X, y, 4, lr, bs, epochs, seed, l2)
    tW = torch.zeros(5, 4, dtype=torch.float64, requires_grad=True)
    tb = torch.zeros(4, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([{"params": [tW], "weight_decay": l2}, {"params": [tb], "weight_decay": 0.0}], lr=lr)
    rng = np.random.default_rng(seed)
    t_losses = []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for s in range(0, len(X), bs):
            idx = order[s:s + bs]
            ce = torch.nn.functional.cross_entropy(torch.tensor(X[idx]) @ tW + tb, torch.tensor(y[idx]))
            t_losses.append(ce.item() + 0.5 * l2 * float((tW.detach() ** 2).sum()))
            opt.zero_grad()
            ce.backward()
            opt.step()
    np.testing.assert_allclose(W, tW.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(b, tb.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(losses, t_losses, rtol=1e-10)
