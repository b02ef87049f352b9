import torch


def causal_conv1d(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None = None
                  ) -> tuple[torch.Tensor, torch.Tensor]:
    """Depthwise causal conv over (B, C, L) with (C, K) filters; returns (y (B, C, L), state (B, C, K-1))."""
    raise NotImplementedError


def causal_conv1d_step(x_t: torch.Tensor, state: torch.Tensor, weight: torch.Tensor,
                       bias: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """One decoding step: x_t (B, C), state (B, C, K-1) oldest first -> (y_t (B, C), new state)."""
    raise NotImplementedError
