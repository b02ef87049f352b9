# Creates the generator inside the epoch loop, so every epoch uses the same order.
import numpy as np


def train_softmax_regression(X, y, n_classes, lr, batch_size, n_epochs, seed, l2=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    N, D = X.shape
    W, b = np.zeros((D, n_classes)), np.zeros(n_classes)
    losses = []
    for _ in range(n_epochs):
        order = np.random.default_rng(seed).permutation(N)
        for start in range(0, N, batch_size):
            idx = order[start:start + batch_size]
            Xb, yb = X[idx], y[idx]
            logits = Xb @ W + b
            shifted = logits - logits.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            rows = np.arange(len(idx))
            losses.append(-log_p[rows, yb].mean() + 0.5 * l2 * np.sum(W * W))
            g = np.exp(log_p)
            g[rows, yb] -= 1.0
            g /= len(idx)
            grad_W = Xb.T @ g + l2 * W
            grad_b = g.sum(axis=0)
            W -= lr * grad_W
            b -= lr * grad_b
    return W, b, np.array(losses)
