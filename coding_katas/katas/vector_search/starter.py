import numpy as np


def top_k_cosine(query: np.ndarray, index: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k rows of index (n, d) most cosine-similar to query (d,), most similar first.

    Ties go to the lower index; a zero vector has similarity 0.0 with everything; k > n returns all n.
    """
    raise NotImplementedError
