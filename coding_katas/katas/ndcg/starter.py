import numpy as np


def ndcg_at_k(relevances: np.ndarray, k: int) -> float:
    """NDCG@k of relevance grades listed in ranked order.

    Gain 2**rel - 1, discount 1 / log2(i + 2) at 0-based position i; the ideal DCG comes from
    the same relevances sorted descending; both are cut at k. Returns 0.0 when the ideal DCG is 0.
    """
    raise NotImplementedError
