# Uses the unbiased per-class variance (ddof=1) instead of dividing by the class size.
import numpy as np


def fit_gaussian_nb(X, y, var_smoothing=1e-9):
    X = np.asarray(X, dtype=float)
    classes = np.unique(y)
    eps = var_smoothing * X.var(axis=0).max()
    priors = np.array([np.mean(y == c) for c in classes])
    means = np.array([X[y == c].mean(axis=0) for c in classes])
    variances = np.array([X[y == c].var(axis=0, ddof=1) if np.sum(y == c) > 1 else np.zeros(X.shape[1])
                          for c in classes]) + eps
    return classes, priors, means, variances


def predict_gaussian_nb(model, X):
    classes, priors, means, variances = model
    log_joint = np.log(priors) + np.array([
        np.sum(-0.5 * np.log(2 * np.pi * v) - (X - mu) ** 2 / (2 * v), axis=1) for mu, v in zip(means, variances)
    ]).T
    shift = log_joint.max(axis=1, keepdims=True)
    log_post = log_joint - shift - np.log(np.exp(log_joint - shift).sum(axis=1, keepdims=True))
    return classes[np.argmax(log_joint, axis=1)], log_post
