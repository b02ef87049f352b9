import numpy as np


class IVFIndex:
    """Inverted-file index: vectors live in the list of their nearest centroid (squared L2)."""

    def __init__(self, centroids: np.ndarray):
        """centroids: (nlist, d). Keep a copy."""
        raise NotImplementedError

    def add(self, vectors: np.ndarray, ids: np.ndarray | None = None) -> None:
        """Assign each row of vectors (n, d) to its nearest centroid (ties: lower index).
        ids default to ntotal, ntotal + 1, ...; the index copies the vectors."""
        raise NotImplementedError

    def list_ids(self, c: int) -> np.ndarray:
        """int64 ids in list c, in the order they were added."""
        raise NotImplementedError

    def search(self, queries: np.ndarray, k: int, nprobe: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """(distances (nq, k) float64, ids (nq, k) int64): the k nearest among the nprobe nearest lists,
        nearest first, ties to the lower id; missing results padded with inf and -1."""
        raise NotImplementedError


def recall_at_k(approx_ids: np.ndarray, exact_ids: np.ndarray) -> float:
    """Mean over rows of |A & E| / |E| on the sets of non-negative ids (1.0 when E is empty)."""
    raise NotImplementedError
