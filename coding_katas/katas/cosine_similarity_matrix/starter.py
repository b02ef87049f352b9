import numpy as np


def cosine_similarity_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(n, m) matrix of cosine similarities between the rows of a (n, d) and b (m, d).

    A zero row has similarity 0.0 with every row.
    """
    raise NotImplementedError
