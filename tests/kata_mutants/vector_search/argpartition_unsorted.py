# Uses argpartition for speed but never sorts the k winners (and fails when k >= n).
import numpy as np


def top_k_cosine(query, index, k):
    norms = np.linalg.norm(index, axis=1) * np.linalg.norm(query)
    sims = np.divide(index @ query, norms, out=np.zeros(len(index)), where=norms > 0)
    return np.argpartition(-sims, k - 1)[:k]
