import numpy as np


def top_k_top_p_filter(logits: np.ndarray, top_k: int = 0, top_p: float = 1.0) -> np.ndarray:
    """Set filtered-out entries of the 1-D logits to -inf and return a new array.

    top-k (0 disables) removes logits strictly below the k-th largest; then top-p keeps the
    smallest set of most probable survivors whose cumulative probability is >= top_p.
    """
    raise NotImplementedError
