# Views the last dim as (dh, n_heads) instead of (n_heads, dh), so heads take strided columns.
import math

import torch


def causal_self_attention(x, W_qkv, W_o, n_heads):
    N, L, D = x.shape
    dh = D // n_heads
    q, k, v = (x @ W_qkv).split(D, dim=-1)
    q, k, v = (t.reshape(N, L, dh, n_heads).permute(0, 3, 1, 2) for t in (q, k, v))
    scores = q @ k.transpose(-2, -1) / math.sqrt(dh)
    mask = torch.triu(torch.ones(L, L, dtype=torch.bool), diagonal=1)
    weights = torch.softmax(scores.masked_fill(mask, float("-inf")), dim=-1)
    out = (weights @ v).permute(0, 2, 3, 1).reshape(N, L, D)
    return out @ W_o
