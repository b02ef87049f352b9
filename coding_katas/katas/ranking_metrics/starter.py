import numpy as np


def ranking_metrics(y_true: np.ndarray, y_score: np.ndarray, k: int) -> dict:
    """Mean NDCG@k (ties averaged), MAP and MRR (pessimistic ties) over the query rows, plus per-query arrays."""
    raise NotImplementedError
