# Ranks by the raw dot product, forgetting to divide by the row norms.
import numpy as np


def top_k_cosine(query, index, k):
    qn = np.linalg.norm(query)
    sims = index @ (query / qn) if qn > 0 else np.zeros(len(index))
    return np.argsort(-sims, kind="stable")[:k]
