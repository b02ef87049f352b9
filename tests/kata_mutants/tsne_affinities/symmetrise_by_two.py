# Symmetrises with (P + P.T) / 2, forgetting to divide by n (P no longer sums to 1).
import numpy as np


def tsne_affinities(X, perplexity=30.0, tol=1e-5, max_iter=50):
    n = X.shape[0]
    D = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    target = np.log(perplexity)
    cond = np.zeros((n, n))
    betas = np.zeros(n)

    def row(i, beta):
        d = np.delete(D[i], i)
        d = d - d.min()
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
        cond[i, np.arange(n) != i] = p
        betas[i] = beta
    return (cond + cond.T) / 2, betas
