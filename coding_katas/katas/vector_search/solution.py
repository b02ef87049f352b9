import numpy as np


def _safe_norm(a: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(a, axis=-1, keepdims=True)
    return np.where(norm == 0, 1.0, norm)  # a zero vector stays zero after dividing


def top_k_cosine(query: np.ndarray, index: np.ndarray, k: int) -> np.ndarray:
    index = np.asarray(index, dtype=float)
    query = np.asarray(query, dtype=float)
    sims = (index / _safe_norm(index)) @ (query / _safe_norm(query))
    # A stable sort of -sims keeps equal similarities in increasing index order.
    order = np.argsort(-sims, kind="stable")
    return order[:k]
