# Adds the noise variance to the returned variance (the variance of a new y, not of the latent f).
import numpy as np
from scipy.linalg import solve_triangular


def _rbf(A, B, length_scale, signal_var):
    A, B = A / length_scale, B / length_scale  # a per-dimension length scale broadcasts over columns
    sq = (A * A).sum(1)[:, None] + (B * B).sum(1)[None, :] - 2.0 * A @ B.T
    return signal_var * np.exp(-0.5 * np.maximum(sq, 0.0))


def gp_posterior(X, y, X_star, length_scale, signal_var, noise_var):
    X, y, X_star = (np.asarray(a, dtype=float) for a in (X, y, X_star))
    ls = np.asarray(length_scale, dtype=float)
    K = _rbf(X, X, ls, signal_var) + noise_var * np.eye(len(X))
    L = np.linalg.cholesky(K)
    alpha = solve_triangular(L.T, solve_triangular(L, y, lower=True), lower=False)
    K_s = _rbf(X, X_star, ls, signal_var)
    mean = K_s.T @ alpha
    v = solve_triangular(L, K_s, lower=True)
    var = np.maximum(signal_var - (v * v).sum(0), 0.0) + noise_var  # k(x, x) = signal_var for the RBF kernel
    lml = -0.5 * y @ alpha - np.log(np.diag(L)).sum() - 0.5 * len(X) * np.log(2 * np.pi)
    return mean, var, float(lml)
