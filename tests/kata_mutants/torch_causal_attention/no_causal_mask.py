# Forgets the causal mask: every position also attends to later positions.
import math

import torch


def causal_self_attention(x, W_qkv, W_o, n_heads):
    N, L, D = x.shape
    dh = D // n_heads
    q, k, v = (x @ W_qkv).split(D, dim=-1)
    q, k, v = (t.view(N, L, n_heads, dh).transpose(1, 2) for t in (q, k, v))
    weights = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(dh), dim=-1)
    return (weights @ v).transpose(1, 2).reshape(N, L, D) @ W_o
