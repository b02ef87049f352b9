import torch


def causal_self_attention(x: torch.Tensor, W_qkv: torch.Tensor, W_o: torch.Tensor, n_heads: int) -> torch.Tensor:
    """Causal multi-head self-attention.

    x (N, L, D); q, k, v = split(x @ W_qkv, D) in that order, W_qkv (D, 3D); head h uses columns
    h*dh:(h+1)*dh, dh = D // n_heads; scores scaled by 1/sqrt(dh); position i attends to j <= i;
    returns concat(heads) @ W_o, shape (N, L, D), differentiable.
    """
    raise NotImplementedError
