# Adds var_smoothing itself to the variances, not var_smoothing times the largest feature variance of X.
import numpy as np


def fit_gaussian_nb(X, y, var_smoothing=1e-9):
    X = np.asarray(X, dtype=float)
    classes = np.unique(y)
    priors = np.array([np.mean(y == c) for c in classes])
    means = np.array([X[y == c].mean(axis=0) for c in classes])
    variances = np.array([X[y == c].var(axis=0) for c in classes]) + var_smoothing
    return classes, priors, means, variances


def predict_gaussian_nb(model, X):
    classes, priors, means, variances = model
    log_joint = np.log(priors) + np.array([
        np.sum(-0.5 * np.log(2 * np.pi * v) - (X - mu) ** 2 / (2 * v), axis=1) for mu, v in zip(means, variances)
    ]).T
    shift = log_joint.max(axis=1, keepdims=True)
    log_post = log_joint - shift - np.log(np.exp(log_joint - shift).sum(axis=1, keepdims=True))
    return classes[np.argmax(log_joint, axis=1)], log_post
