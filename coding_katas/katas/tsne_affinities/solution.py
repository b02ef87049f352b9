import numpy as np


def _conditional(shifted: np.ndarray, beta: float) -> tuple[np.ndarray, float]:
    """p_{j|i} over the other points and its natural-log entropy, from distances shifted so their min is 0."""
    weights = np.exp(-beta * shifted)  # the nearest neighbour has weight 1, so the sum is never 0
    total = weights.sum()
    p = weights / total
    # H = -sum p log p with log p = -beta * shifted - log(total)
    return p, float(np.log(total) + beta * (p @ shifted))


def tsne_affinities(
    X: np.ndarray, perplexity: float = 30.0, tol: float = 1e-5, max_iter: int = 50
) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    n = len(X)
    D = ((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)  # squared distances, exact 0 for duplicates
    target = np.log(perplexity)
    conditional = np.zeros((n, n))
    betas = np.empty(n)
    for i in range(n):
        others = np.arange(n) != i
        shifted = D[i, others] - D[i, others].min()
        beta, lo, hi = 1.0, None, None
        p, entropy = _conditional(shifted, beta)
        for _ in range(max_iter):
            diff = entropy - target
            if abs(diff) <= tol:
                break
            if diff > 0:  # too flat: sharpen by raising beta
                lo = beta
                beta = beta * 2 if hi is None else (beta + hi) / 2
            else:
                hi = beta
                beta = beta / 2 if lo is None else (beta + lo) / 2
            p, entropy = _conditional(shifted, beta)
        conditional[i, others] = p
        betas[i] = beta
    return (conditional + conditional.T) / (2 * n), betas
