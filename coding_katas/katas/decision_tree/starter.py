import numpy as np


def fit_tree(X: np.ndarray, y: np.ndarray, max_depth: int | None = None, min_samples_split: int = 2) -> dict:
    """Fit a CART classification tree by Gini impurity. X: (n, d) floats, y: (n,) integer labels.

    Leaf: {"label": int}. Internal node: {"feature": int, "threshold": float, "left": node, "right": node},
    rows with X[:, feature] <= threshold go left. The root is at depth 0; a node is a leaf when its labels
    are pure, it has fewer than min_samples_split rows, its depth equals max_depth (None: no limit) or
    every feature is constant on its rows. Otherwise it takes the lowest-Gini midpoint split (ties: lowest
    feature, then lowest threshold; impurities within 1e-12 are equal), even if it does not help.
    Leaf label: the majority label, ties to the smallest.
    """
    raise NotImplementedError


def predict_tree(tree: dict, X: np.ndarray) -> np.ndarray:
    """Labels (m,) as an integer array for the rows of X (m, d), walking the tree from the root."""
    raise NotImplementedError
