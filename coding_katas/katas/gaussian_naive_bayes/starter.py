import numpy as np


def fit_gaussian_nb(
    X: np.ndarray, y: np.ndarray, var_smoothing: float = 1e-9
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fit Gaussian naive Bayes. X: (n, d) floats, y: (n,) integer labels.

    Returns (classes, priors, means, variances): the sorted distinct labels (C,), the class
    frequencies (C,), the per-class means (C, d) and the per-class biased variances (C, d), each
    variance plus epsilon = var_smoothing * max over features of the variance of X.
    """
    raise NotImplementedError


def predict_gaussian_nb(
    model: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], X: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Predict with a fitted model (the tuple fit_gaussian_nb returns). X: (m, d).

    Returns (labels, log_posterior): labels (m,) with the dtype of classes, and the normalised log
    posterior (m, C). Equal posteriors: the smallest label wins.
    """
    raise NotImplementedError
