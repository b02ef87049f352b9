import numpy as np


def kfold_split(n_samples: int, n_splits: int, shuffle: bool = False,
                random_state: int | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train, test) index pairs exactly as sklearn.model_selection.KFold(n_splits, shuffle, random_state)."""
    raise NotImplementedError


def cross_val_mean(X: np.ndarray, y: np.ndarray, n_splits: int, fit, score) -> tuple[np.ndarray, float]:
    """Fold scores score(fit(X[train], y[train]), X[test], y[test]) over unshuffled folds, and their plain mean."""
    raise NotImplementedError
