import numpy as np


def pq_encode(X: np.ndarray, codebooks: np.ndarray) -> np.ndarray:
    """int64 codes (n, m): nearest codeword of each contiguous sub-vector (ties: lowest code).
    codebooks: (m, ksub, dsub); ValueError if X.shape[1] != m * dsub."""
    raise NotImplementedError


def pq_decode(codes: np.ndarray, codebooks: np.ndarray) -> np.ndarray:
    """float64 (n, m * dsub): the concatenated codewords of each row."""
    raise NotImplementedError


def pq_adc(query: np.ndarray, codes: np.ndarray, codebooks: np.ndarray) -> np.ndarray:
    """float64 (n,): sum over j of table[j, codes[:, j]], table[j, c] = ||q_j - codebooks[j, c]||^2."""
    raise NotImplementedError


def pq_search(query: np.ndarray, codes: np.ndarray, codebooks: np.ndarray, k: int) -> np.ndarray:
    """int64 (min(k, n),): rows with the smallest ADC distances, nearest first, ties to the lower row."""
    raise NotImplementedError
