import numpy as np


def adaboost_samme(X: np.ndarray, y: np.ndarray, X_test: np.ndarray, n_estimators: int) -> dict:
    """SAMME AdaBoost with weighted-Gini decision stumps.

    Returns {"stumps": [(feature, threshold, left_label, right_label), ...], "alphas": (n_kept,),
    "predictions": (m,)}.
    """
    raise NotImplementedError
