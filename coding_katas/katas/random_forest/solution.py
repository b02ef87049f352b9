import numpy as np


def fit_stump(X: np.ndarray, y: np.ndarray) -> tuple[int, float, int, int]:
    """Provided helper (ready to use): the best depth-1 Gini split of (X, y).

    Returns (feature, threshold, left_label, right_label). feature is a column index of X, rows with
    X[:, feature] <= threshold go left, thresholds are midpoints between consecutive distinct values,
    ties go to the lowest column and then the lowest threshold. Each label is the majority label of its
    side (ties to the smallest label). If every column is constant: (-1, 0.0, label, label) with the
    majority label of y.
    """
    def majority(labels):
        values, counts = np.unique(labels, return_counts=True)
        return int(values[np.argmax(counts)])

    def gini(labels):
        _, counts = np.unique(labels, return_counts=True)
        return 1.0 - np.sum((counts / len(labels)) ** 2)

    best_score, best = np.inf, (-1, 0.0, majority(y), majority(y))
    for f in range(X.shape[1]):
        values = np.unique(X[:, f])
        for t in (values[:-1] + values[1:]) / 2:
            left = X[:, f] <= t
            score = (left.sum() * gini(y[left]) + (~left).sum() * gini(y[~left])) / len(y)
            if score < best_score - 1e-12:
                best_score, best = score, (f, float(t), majority(y[left]), majority(y[~left]))
    return best


def fit_random_forest(X: np.ndarray, y: np.ndarray, n_trees: int, max_features: int,
                      rng: np.random.Generator) -> dict:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    n, d = X.shape
    forest = {
        "feature": np.empty(n_trees, dtype=int),
        "threshold": np.empty(n_trees),
        "left_label": np.empty(n_trees, dtype=int),
        "right_label": np.empty(n_trees, dtype=int),
        "in_bag": np.zeros((n_trees, n), dtype=bool),
    }
    for t in range(n_trees):
        rows = rng.integers(0, n, size=n)
        features = np.sort(rng.choice(d, size=max_features, replace=False))
        f, threshold, left, right = fit_stump(X[rows][:, features], y[rows])
        forest["feature"][t] = features[f] if f >= 0 else -1
        forest["threshold"][t] = threshold
        forest["left_label"][t] = left
        forest["right_label"][t] = right
        forest["in_bag"][t, rows] = True
    return forest


def _stump_votes(forest: dict, X: np.ndarray) -> np.ndarray:
    """(n_trees, m) labels: every stump's prediction for every row."""
    feature = forest["feature"]
    # A constant stump (feature -1) always answers its left label; column 0 is a harmless placeholder.
    values = X[:, np.maximum(feature, 0)].T
    goes_left = (feature[:, None] < 0) | (values <= forest["threshold"][:, None])
    return np.where(goes_left, forest["left_label"][:, None], forest["right_label"][:, None])


def _majority(votes: np.ndarray, voters: np.ndarray) -> np.ndarray:
    """Per column of votes, the most frequent label among rows where voters is True (ties: smallest); -1 if none."""
    labels = np.unique(votes)
    counts = np.stack([((votes == label) & voters).sum(axis=0) for label in labels])  # (L, m)
    out = labels[np.argmax(counts, axis=0)]
    return np.where(voters.any(axis=0), out, -1)


def predict_random_forest(forest: dict, X: np.ndarray) -> np.ndarray:
    votes = _stump_votes(forest, np.asarray(X, dtype=float))
    return _majority(votes, np.ones_like(votes, dtype=bool))


def oob_predict(forest: dict, X: np.ndarray) -> np.ndarray:
    votes = _stump_votes(forest, np.asarray(X, dtype=float))
    return _majority(votes, ~forest["in_bag"])
