# Correct ranking, but normalises the caller's index (and query) arrays in place.
import numpy as np


def top_k_cosine(query, index, k):
    qn = np.linalg.norm(query)
    if qn > 0:
        query /= qn
    norms = np.linalg.norm(index, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    index /= norms
    return np.argsort(-(index @ query), kind="stable")[:k]
