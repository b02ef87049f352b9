import numpy as np


class CachedSelfAttention:
    """One multi-head causal self-attention layer that caches projected keys and values.

    Weights are (D, D), used as x @ W; n_heads divides D; at most max_len positions are cached.
    """

    def __init__(self, W_q: np.ndarray, W_k: np.ndarray, W_v: np.ndarray, W_o: np.ndarray,
                 n_heads: int, max_len: int):
        raise NotImplementedError

    def prefill(self, x: np.ndarray) -> np.ndarray:
        """Append the T tokens of x (B, T, D) and return their causal attention outputs (B, T, D).

        Raises ValueError (cache unchanged) past max_len or on a batch-size mismatch.
        """
        raise NotImplementedError

    def step(self, x: np.ndarray) -> np.ndarray:
        """One new token per batch row: x (B, D) -> (B, D)."""
        raise NotImplementedError

    def cached_kv(self) -> tuple[np.ndarray, np.ndarray]:
        """Copies of the cached keys and values, each (B, n_heads, len, dh)."""
        raise NotImplementedError

    def reset(self) -> None:
        """Empty the cache."""
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError
