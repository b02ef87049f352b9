# Off by one in the mask: triu(diagonal=0) also hides the position itself (row 0 becomes all -inf).
import math

import torch


def causal_self_attention(x, W_qkv, W_o, n_heads):
    N, L, D = x.shape
    dh = D // n_heads
    q, k, v = (x @ W_qkv).split(D, dim=-1)
    q, k, v = (t.view(N, L, n_heads, dh).transpose(1, 2) for t in (q, k, v))
    scores = q @ k.transpose(-2, -1) / math.sqrt(dh)
    mask = torch.triu(torch.ones(L, L, dtype=torch.bool), diagonal=0)
    weights = torch.softmax(scores.masked_fill(mask, float("-inf")), dim=-1)
    return (weights @ v).transpose(1, 2).reshape(N, L, D) @ W_o
