import numpy as np


def fit_gaussian_nb(
    X: np.ndarray, y: np.ndarray, var_smoothing: float = 1e-9
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    classes, y_index = np.unique(np.asarray(y), return_inverse=True)
    epsilon = var_smoothing * X.var(axis=0).max()
    priors = np.bincount(y_index, minlength=len(classes)) / len(X)
    means = np.array([X[y_index == c].mean(axis=0) for c in range(len(classes))])
    variances = np.array([X[y_index == c].var(axis=0) for c in range(len(classes))]) + epsilon
    return classes, priors, means, variances


def predict_gaussian_nb(
    model: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], X: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    classes, priors, means, variances = model
    X = np.asarray(X, dtype=float)
    # (m, C): log prior plus the sum over features of the Gaussian log densities.
    sq = (X[:, None, :] - means[None, :, :]) ** 2 / variances[None, :, :]
    log_joint = np.log(priors) - 0.5 * np.log(2 * np.pi * variances).sum(axis=1) - 0.5 * sq.sum(axis=2)
    top = log_joint.max(axis=1, keepdims=True)
    log_evidence = top + np.log(np.exp(log_joint - top).sum(axis=1, keepdims=True))
    return classes[np.argmax(log_joint, axis=1)], log_joint - log_evidence
