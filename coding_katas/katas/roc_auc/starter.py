import numpy as np


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve for labels in {0, 1}.

    Equals the probability that a random positive scores higher than a random negative,
    ties counting 1/2. Raises ValueError when only one class is present.
    """
    raise NotImplementedError
