import math

import torch


def causal_self_attention(x: torch.Tensor, W_qkv: torch.Tensor, W_o: torch.Tensor, n_heads: int) -> torch.Tensor:
    N, L, D = x.shape
    if D % n_heads:
        raise ValueError(f"D={D} is not divisible by n_heads={n_heads}")
    dh = D // n_heads

    q, k, v = (x @ W_qkv).split(D, dim=-1)

    def split_heads(t: torch.Tensor) -> torch.Tensor:
        return t.reshape(N, L, n_heads, dh).transpose(1, 2)  # (N, H, L, dh)

    q, k, v = split_heads(q), split_heads(k), split_heads(v)
    scores = q @ k.transpose(-2, -1) / math.sqrt(dh)
    allowed = torch.ones(L, L, dtype=torch.bool, device=x.device).tril()
    scores = scores.masked_fill(~allowed, float("-inf"))
    weights = torch.softmax(scores, dim=-1)  # the diagonal is always allowed, so no row is all -inf
    heads = weights @ v                       # (N, H, L, dh)
    return heads.transpose(1, 2).reshape(N, L, D) @ W_o
