import numpy as np


def embedding_bag(weight: np.ndarray, indices: np.ndarray, offsets: np.ndarray, mode: str = "mean",
                  per_sample_weights: np.ndarray | None = None) -> np.ndarray:
    """Pooled embedding lookup, as torch.nn.functional.embedding_bag (modes "sum" and "mean").

    weight (V, D); indices (L,); offsets (B,) with bag b = indices[offsets[b]:offsets[b + 1]] and the
    last bag running to the end. Returns (B, D); empty bags give zeros. per_sample_weights (L,) only
    with mode="sum". Raises ValueError for a bad mode, weights with "mean", or invalid offsets.
    """
    raise NotImplementedError
