import numpy as np


def knn_predict(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, k: int) -> np.ndarray:
    """Majority vote of the k nearest training points (Euclidean) for each row of X_test.

    Equal distances: the lower training index is nearer. Vote ties: the smallest label wins.
    Returns an integer array of shape (len(X_test),).
    """
    raise NotImplementedError
