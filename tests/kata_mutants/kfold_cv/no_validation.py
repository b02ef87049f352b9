# Does not reject n_splits < 2 or n_splits > n_samples.
import numpy as np


def kfold_split(n_samples, n_splits, shuffle=False, random_state=None):
    indices = np.arange(n_samples)
    if shuffle:
        np.random.RandomState(random_state).shuffle(indices)
    sizes = np.full(n_splits, n_samples // n_splits)
    sizes[: n_samples % n_splits] += 1  # the first n % k folds take one extra sample
    folds, start = [], 0
    for size in sizes:
        test_mask = np.zeros(n_samples, dtype=bool)
        test_mask[indices[start:start + size]] = True
        # Masks give both sides in ascending order, as scikit-learn returns them.
        folds.append((np.flatnonzero(~test_mask), np.flatnonzero(test_mask)))
        start += size
    return folds


def cross_val_mean(X, y, n_splits, fit, score):
    scores = []
    for train, test in kfold_split(len(X), n_splits):
        model = fit(X[train], y[train])
        scores.append(float(score(model, X[test], y[test])))
    scores = np.array(scores)
    return scores, float(scores.mean())
