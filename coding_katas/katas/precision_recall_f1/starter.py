import numpy as np


def precision_recall_f1(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[float, float, float]:
    """Binary precision, recall and F1 with 1 as the positive class.

    Returns (precision, recall, f1) as floats; any 0/0 is 0.0.
    """
    raise NotImplementedError
