import numpy as np


def _unit_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    # Dividing a zero row by 1 keeps it zero, so its dot products (similarities) are all 0.0.
    return x / np.where(norms == 0.0, 1.0, norms)


def cosine_similarity_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return _unit_rows(a) @ _unit_rows(b).T
