import numpy as np


def knn_predict(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, k: int) -> np.ndarray:
    X_train = np.asarray(X_train, dtype=float)
    X_test = np.asarray(X_test, dtype=float)
    y_train = np.asarray(y_train)
    # Squared distances order the points exactly like distances; a stable sort keeps index order on ties.
    sq_dist = ((X_test[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=2)
    nearest = np.argsort(sq_dist, axis=1, kind="stable")[:, :k]
    predictions = np.empty(len(X_test), dtype=y_train.dtype)
    for i, neighbours in enumerate(nearest):
        labels, counts = np.unique(y_train[neighbours], return_counts=True)
        predictions[i] = labels[np.argmax(counts)]  # labels are sorted, so ties go to the smallest
    return predictions
