import numpy as np


def sampling_distribution(logits: np.ndarray, temperature: float = 1.0, top_k: int = 0, top_p: float = 1.0,
                          min_p: float = 0.0) -> np.ndarray:
    """Final next-token probabilities after temperature, top-k, top-p and min-p, in that order."""
    raise NotImplementedError


def sample_token(logits: np.ndarray, u: float, temperature: float = 1.0, top_k: int = 0, top_p: float = 1.0,
                 min_p: float = 0.0) -> int:
    """Smallest j with u < cumsum(distribution)[j]."""
    raise NotImplementedError
