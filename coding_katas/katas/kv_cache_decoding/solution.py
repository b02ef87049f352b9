import numpy as np


class CachedSelfAttention:
    def __init__(self, W_q: np.ndarray, W_k: np.ndarray, W_v: np.ndarray, W_o: np.ndarray,
                 n_heads: int, max_len: int):
        self.W_q, self.W_k, self.W_v, self.W_o = (np.array(W, dtype=float) for W in (W_q, W_k, W_v, W_o))
        d_model = self.W_q.shape[0]
        if d_model % n_heads:
            raise ValueError("n_heads must divide the model width")
        self.n_heads, self.dh, self.max_len = n_heads, d_model // n_heads, max_len
        self.reset()

    def reset(self) -> None:
        self._k = self._v = None  # (B, n_heads, max_len, dh) buffers, allocated on first use
        self._len = 0

    def __len__(self) -> int:
        return self._len

    def _heads(self, y: np.ndarray) -> np.ndarray:
        batch, length, _ = y.shape
        return y.reshape(batch, length, self.n_heads, self.dh).transpose(0, 2, 1, 3)

    def prefill(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        batch, length, d_model = x.shape
        start, end = self._len, self._len + length
        # Validate everything before touching the cache.
        if end > self.max_len:
            raise ValueError(f"cache holds {start} of {self.max_len} positions; cannot add {length}")
        if start > 0 and batch != self._k.shape[0]:
            raise ValueError(f"batch size {batch} differs from the cached {self._k.shape[0]}")
        if self._k is None or self._k.shape[0] != batch:
            shape = (batch, self.n_heads, self.max_len, self.dh)
            self._k, self._v = np.zeros(shape), np.zeros(shape)

        q = self._heads(x @ self.W_q)
        self._k[:, :, start:end] = self._heads(x @ self.W_k)
        self._v[:, :, start:end] = self._heads(x @ self.W_v)
        self._len = end
        keys, values = self._k[:, :, :end], self._v[:, :, :end]

        scores = q @ keys.transpose(0, 1, 3, 2) / np.sqrt(self.dh)      # (B, H, T, end)
        hidden = np.arange(end)[None, :] > (start + np.arange(length))[:, None]
        scores = np.where(hidden, -np.inf, scores)
        weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
        weights /= weights.sum(axis=-1, keepdims=True)
        heads = weights @ values                                          # (B, H, T, dh)
        return heads.transpose(0, 2, 1, 3).reshape(batch, length, d_model) @ self.W_o

    def step(self, x: np.ndarray) -> np.ndarray:
        return self.prefill(np.asarray(x, dtype=float)[:, None, :])[:, 0, :]

    def cached_kv(self) -> tuple[np.ndarray, np.ndarray]:
        return self._k[:, :, : self._len].copy(), self._v[:, :, : self._len].copy()
