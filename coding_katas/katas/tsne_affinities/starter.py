import numpy as np


def tsne_affinities(
    X: np.ndarray, perplexity: float = 30.0, tol: float = 1e-5, max_iter: int = 50
) -> tuple[np.ndarray, np.ndarray]:
    """t-SNE input affinities of the rows of X (n, d), n >= 2.

    Per row i: p_{j|i} proportional to exp(-beta_i * ||x_i - x_j||^2) over j != i, with beta_i found by
    the documented binary search (start 1.0, double/halve until bracketed, then bisect; stop when
    |H - log(perplexity)| <= tol or after max_iter updates; H in nats). Returns (P, beta): the symmetric
    P = (P_cond + P_cond.T) / (2 n) of shape (n, n) with a zero diagonal, and the final betas (n,).
    """
    raise NotImplementedError
