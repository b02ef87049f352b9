# Uses the grade itself as the gain instead of 2**rel - 1.
import numpy as np


def ndcg_at_k(relevances, k):
    rel = np.asarray(relevances, dtype=float)

    def dcg(r):
        return float(np.sum(r / np.log2(np.arange(r.size) + 2)))

    ideal = dcg(np.sort(rel)[::-1][:k])
    return dcg(rel[:k]) / ideal if ideal > 0 else 0.0
