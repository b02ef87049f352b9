import torch
from torch import nn


class LoRALinear(nn.Module):
    """A frozen nn.Linear plus a trainable low-rank update (alpha / r) * B @ A."""

    def __init__(self, base: nn.Linear, r: int, alpha: float):
        """Freeze base; A (r, in_features) random, B (out_features, r) zeros, both trainable."""
        super().__init__()
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """base(x) + (alpha / r) * x @ A.T @ B.T"""
        raise NotImplementedError

    def merge(self) -> nn.Linear:
        """A new nn.Linear with weight W + (alpha / r) * B @ A and the base bias."""
        raise NotImplementedError
