# Correct value, but sorts the caller's array in place to build the ideal ranking.
import numpy as np


def ndcg_at_k(relevances, k):
    def dcg(r):
        return float(np.sum((2.0 ** r - 1) / np.log2(np.arange(r.size) + 2)))

    actual = dcg(relevances[:k])
    relevances.sort()
    ideal = dcg(relevances[::-1][:k])
    return actual / ideal if ideal > 0 else 0.0
