import math

import torch
import torch.nn.functional as F
from torch import nn


class TransformerBlock(nn.Module):
    """Pre-LN decoder block: x + attn(ln1(x)), then x + mlp(ln2(x)); causal multi-head self-attention,
    exact GELU, no dropout.

    Submodules (state_dict layout): ln1, ln2 = nn.LayerNorm(d_model, eps); attn_qkv = nn.Linear(d_model,
    3 * d_model) whose output splits into q, k, v in that order; attn_out = nn.Linear(d_model, d_model);
    mlp_in = nn.Linear(d_model, d_ff); mlp_out = nn.Linear(d_ff, d_model).
    """

    def __init__(self, d_model: int, n_heads: int, d_ff: int, eps: float = 1e-5):
        super().__init__()
        raise NotImplementedError

    def forward(self, x: torch.Tensor, key_padding_mask: torch.Tensor | None = None) -> torch.Tensor:
        """x (N, L, d_model) -> (N, L, d_model). key_padding_mask (N, L) bool, True = padding key."""
        raise NotImplementedError
