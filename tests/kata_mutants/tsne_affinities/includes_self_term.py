# Keeps j = i in the softmax (exp(0) = 1 for the point itself) and only zeroes the diagonal afterwards.
import numpy as np


def tsne_affinities(X, perplexity=30.0, tol=1e-5, max_iter=50):
    n = X.shape[0]
    D = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    target = np.log(perplexity)
    cond = np.zeros((n, n))
    betas = np.zeros(n)

    def row(i, beta):
        d = D[i]
        w = np.exp(-beta * d)
        p = w / w.sum()
        H = np.log(w.sum()) + beta * np.sum(p * d)
        return p, H

    for i in range(n):
        beta, lo, hi = 1.0, -np.inf, np.inf
        p, H = row(i, beta)
        for _ in range(max_iter):
            diff = H - target
            if abs(diff) <= tol:
                break
            if diff > 0:
                lo = beta
                beta = beta * 2 if hi == np.inf else (beta + hi) / 2
            else:
                hi = beta
                beta = beta / 2 if lo == -np.inf else (beta + lo) / 2
            p, H = row(i, beta)
        cond[i] = p
        cond[i, i] = 0.0
        betas[i] = beta
    return (cond + cond.T) / (2 * n), betas
