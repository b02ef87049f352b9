import numpy as np


def _soft_threshold(z, t):
    return np.sign(z) * max(abs(z) - t, 0.0)


def elastic_net_cd(X, y, alpha, l1_ratio=1.0, n_sweeps=1000):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    # The intercept is not penalised: centre, solve without it, recover it at the end.
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    col_sq = (Xc * Xc).sum(axis=0) / n
    l1, l2 = alpha * l1_ratio, alpha * (1.0 - l1_ratio)
    w = np.zeros(d)
    r = yc.copy()  # residual yc - Xc @ w, kept up to date after every coordinate (Gauss-Seidel)
    for _ in range(n_sweeps):
        for j in range(d):
            if col_sq[j] == 0.0:
                continue  # a constant column: its weight stays 0
            rho = Xc[:, j] @ r / n + col_sq[j] * w[j]
            new = _soft_threshold(rho, l1) / (col_sq[j] + l2)
            if new != w[j]:
                r -= Xc[:, j] * (new - w[j])
                w[j] = new
    return w, float(y_mean - x_mean @ w)
