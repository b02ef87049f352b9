# No guard for zero vectors: 0/0 = nan, and nan sorts after every real similarity.
import numpy as np


def top_k_cosine(query, index, k):
    with np.errstate(invalid="ignore", divide="ignore"):
        sims = (index @ query) / (np.linalg.norm(index, axis=1) * np.linalg.norm(query))
    return np.argsort(-sims, kind="stable")[:k]
