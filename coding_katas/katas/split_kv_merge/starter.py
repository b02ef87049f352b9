import numpy as np


def partial_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Attention of one query per head over one split of keys: (o (H, dv), lse (H,)); empty split -> (0, -inf)."""
    raise NotImplementedError


def merge_partials(outs: list[np.ndarray], lses: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Exact merge of partial attentions by their log-sum-exps."""
    raise NotImplementedError


def split_kv_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, n_splits: int) -> tuple[np.ndarray, np.ndarray]:
    """Cut the keys into n_splits np.array_split chunks, attend to each, merge."""
    raise NotImplementedError
