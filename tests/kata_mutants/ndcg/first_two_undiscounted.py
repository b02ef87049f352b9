# Uses 1-based positions with log2(i) but skips the discount at position 1, so positions 1 and 2 both weigh 1.
import numpy as np


def ndcg_at_k(relevances, k):
    rel = np.asarray(relevances, dtype=float)

    def dcg(r):
        positions = np.arange(1, r.size + 1)
        return float(np.sum((2 ** r - 1) / np.maximum(1.0, np.log2(positions))))

    ideal = dcg(np.sort(rel)[::-1][:k])
    return dcg(rel[:k]) / ideal if ideal > 0 else 0.0
