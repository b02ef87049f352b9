import numpy as np


def _dcg(relevances: np.ndarray) -> float:
    gains = 2.0 ** relevances - 1.0
    discounts = 1.0 / np.log2(np.arange(relevances.size) + 2.0)
    return float(np.sum(gains * discounts))


def ndcg_at_k(relevances: np.ndarray, k: int) -> float:
    rel = np.asarray(relevances, dtype=float)
    # The ideal ranking sorts *all* relevances, not just the first k.
    ideal = _dcg(np.sort(rel)[::-1][:k])
    if ideal == 0.0:
        return 0.0
    return _dcg(rel[:k]) / ideal
