import math

import torch
from torch import nn


class KVCacheAttention(nn.Module):
    """Causal multi-head self-attention for incremental decoding with a preallocated KV cache.

    Parameters: qkv = nn.Linear(d_model, 3 * d_model, bias=False) (output split into q, k, v in that order,
    head h = features h*d_head:(h+1)*d_head), out = nn.Linear(d_model, d_model, bias=False).
    Buffers: k_cache and v_cache, zeros of shape (max_batch, n_heads, max_len, d_head), written in place.
    pos: the number of cached positions.
    """

    def __init__(self, d_model: int, n_heads: int, max_batch: int, max_len: int):
        super().__init__()
        raise NotImplementedError

    def reset(self) -> None:
        """Forget the sequence: zero both caches, pos = 0, and any batch size is accepted again."""
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x (B, T, d_model): the next T tokens. Appends their keys and values at positions pos..pos+T-1,
        lets token i attend to cached positions 0..pos+i, advances pos by T and returns (B, T, d_model)."""
        raise NotImplementedError
