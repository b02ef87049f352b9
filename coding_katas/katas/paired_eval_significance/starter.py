import numpy as np


def paired_significance(a: np.ndarray, b: np.ndarray, n_boot: int = 1000, seed: int = 0, alpha: float = 0.05) -> dict:
    """Exact McNemar p-value and paired-bootstrap percentile interval for mean(b) - mean(a)."""
    raise NotImplementedError
