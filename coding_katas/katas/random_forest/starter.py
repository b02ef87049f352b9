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
    """Bagged decision stumps. X: (n, d) floats, y: (n,) integer labels, 1 <= max_features <= d.

    For each tree, in order: rows = rng.integers(0, n, size=n), then
    features = np.sort(rng.choice(d, size=max_features, replace=False)); fit_stump on X[rows][:, features]
    and y[rows]. Returns {"feature": int (n_trees,) original column or -1, "threshold": float (n_trees,),
    "left_label": int (n_trees,), "right_label": int (n_trees,), "in_bag": bool (n_trees, n)}.
    """
    raise NotImplementedError


def predict_random_forest(forest: dict, X: np.ndarray) -> np.ndarray:
    """Majority vote of every stump for each row of X (m, d); ties go to the smallest label. Int (m,)."""
    raise NotImplementedError


def oob_predict(forest: dict, X: np.ndarray) -> np.ndarray:
    """Out-of-bag vote for each training row i of X (n, d): only stumps with in_bag[t, i] False vote;
    ties to the smallest label; -1 when row i was in every bootstrap sample. Int (n,).
    """
    raise NotImplementedError
