import torch


def swiglu_ffn(x: torch.Tensor, W_gate: torch.Tensor, W_up: torch.Tensor, W_down: torch.Tensor) -> torch.Tensor:
    """(SiLU(x @ W_gate.T) * (x @ W_up.T)) @ W_down.T, weights in nn.Linear layout, differentiable."""
    raise NotImplementedError


def swiglu_hidden_dim(d_model: int, multiple_of: int = 256, ffn_dim_multiplier: float | None = None) -> int:
    """Llama's FFN width: int(2 * 4 * d_model / 3), optionally scaled, rounded up to a multiple of multiple_of."""
    raise NotImplementedError
