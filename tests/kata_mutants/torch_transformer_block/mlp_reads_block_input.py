# Feeds ln2 the block input x instead of the output of the attention residual.
import math

import torch
import torch.nn.functional as F
from torch import nn


class TransformerBlock(nn.Module):
    def __init__(self, d_model: int, n_heads: int, d_ff: int, eps: float = 1e-5):
        super().__init__()
        if d_model % n_heads:
            raise ValueError(f"d_model={d_model} is not divisible by n_heads={n_heads}")
        self.d_model, self.n_heads, self.d_head = d_model, n_heads, d_model // n_heads
        self.ln1 = nn.LayerNorm(d_model, eps=eps)
        self.attn_qkv = nn.Linear(d_model, 3 * d_model)
        self.attn_out = nn.Linear(d_model, d_model)
        self.ln2 = nn.LayerNorm(d_model, eps=eps)
        self.mlp_in = nn.Linear(d_model, d_ff)
        self.mlp_out = nn.Linear(d_ff, d_model)

    def _attention(self, h: torch.Tensor, key_padding_mask: torch.Tensor | None) -> torch.Tensor:
        N, L, D = h.shape
        q, k, v = self.attn_qkv(h).split(D, dim=-1)
        q, k, v = (t.reshape(N, L, self.n_heads, self.d_head).transpose(1, 2) for t in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_head)  # (N, H, L, L)

        allowed = torch.ones(L, L, dtype=torch.bool, device=h.device).tril()[None, None]
        if key_padding_mask is not None:
            allowed = allowed & ~key_padding_mask[:, None, None, :]
        # A query that may see no key at all gets zero attention output instead of nan.
        has_key = allowed.any(dim=-1, keepdim=True)
        scores = scores.masked_fill(~allowed, float("-inf")).masked_fill(~has_key, 0.0)
        weights = torch.softmax(scores, dim=-1) * has_key
        return (weights @ v).transpose(1, 2).reshape(N, L, D)

    def forward(self, x: torch.Tensor, key_padding_mask: torch.Tensor | None = None) -> torch.Tensor:
        h = x + self.attn_out(self._attention(self.ln1(x), key_padding_mask))
        return h + self.mlp_out(F.gelu(self.mlp_in(self.ln2(x))))
