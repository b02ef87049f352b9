# Writes the new keys and values before checking the batch size, so a rejected call corrupts the cache.
import math

import torch
from torch import nn


class KVCacheAttention(nn.Module):
    def __init__(self, d_model: int, n_heads: int, max_batch: int, max_len: int):
        super().__init__()
        if d_model % n_heads:
            raise ValueError(f"d_model={d_model} is not divisible by n_heads={n_heads}")
        self.d_model, self.n_heads, self.d_head = d_model, n_heads, d_model // n_heads
        self.max_batch, self.max_len = max_batch, max_len
        self.qkv = nn.Linear(d_model, 3 * d_model, bias=False)
        self.out = nn.Linear(d_model, d_model, bias=False)
        shape = (max_batch, n_heads, max_len, self.d_head)
        self.register_buffer("k_cache", torch.zeros(shape), persistent=False)
        self.register_buffer("v_cache", torch.zeros(shape), persistent=False)
        self.pos = 0
        self.batch_size: int | None = None  # fixed by the first call after a reset

    def reset(self) -> None:
        self.k_cache.zero_()
        self.v_cache.zero_()
        self.pos = 0
        self.batch_size = None

    def _heads(self, t: torch.Tensor) -> torch.Tensor:
        B, T, _ = t.shape
        return t.reshape(B, T, self.n_heads, self.d_head).transpose(1, 2)  # (B, H, T, d_head)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, D = x.shape
        if T < 1 or D != self.d_model:
            raise ValueError(f"expected (B, T >= 1, {self.d_model}), got {tuple(x.shape)}")
        start, end = self.pos, self.pos + T
        if end > self.max_len:
            raise ValueError(f"{start} cached + {T} new positions exceed max_len={self.max_len}")

        q, k, v = (self._heads(t) for t in self.qkv(x).split(D, dim=-1))
        # Write the new keys and values in place: the buffers are never reallocated.
        self.k_cache[:B, :, start:end] = k
        self.v_cache[:B, :, start:end] = v
        if B > self.max_batch or (self.batch_size is not None and B != self.batch_size):
            raise ValueError(f"batch size {B} does not match the cache (max {self.max_batch}, in use {self.batch_size})")
        keys, values = self.k_cache[:B, :, :end], self.v_cache[:B, :, :end]

        scores = q @ keys.transpose(-2, -1) / math.sqrt(self.d_head)  # (B, H, T, end)
        # New token i sits at absolute position start + i and sees keys 0 .. start + i.
        allowed = torch.arange(end, device=x.device)[None, :] <= torch.arange(start, end, device=x.device)[:, None]
        weights = torch.softmax(scores.masked_fill(~allowed, float("-inf")), dim=-1)
        heads = (weights @ values).transpose(1, 2).reshape(B, T, D)

        self.pos, self.batch_size = end, B
        return self.out(heads)
