# Builds the ideal ranking by sorting only the first k items instead of all of them.
import numpy as np


def ndcg_at_k(relevances, k):
    rel = np.asarray(relevances, dtype=float)[:k]

    def dcg(r):
        return float(np.sum((2 ** r - 1) / np.log2(np.arange(r.size) + 2)))

    ideal = dcg(np.sort(rel)[::-1])
    return dcg(rel) / ideal if ideal > 0 else 0.0
