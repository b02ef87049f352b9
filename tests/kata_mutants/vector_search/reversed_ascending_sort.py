# Sorts ascending and reverses, so equal similarities come out highest index first.
import numpy as np


def top_k_cosine(query, index, k):
    norms = np.linalg.norm(index, axis=1) * np.linalg.norm(query)
    sims = np.divide(index @ query, norms, out=np.zeros(len(index)), where=norms > 0)
    return np.argsort(sims, kind="stable")[::-1][:k]
