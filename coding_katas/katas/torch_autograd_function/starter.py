import torch


class StableSoftplus(torch.autograd.Function):
    """softplus_beta(x) = log(1 + exp(beta * x)) / beta, finite for any finite x, with a hand-written
    backward: d/dx = sigmoid(beta * x). Use as StableSoftplus.apply(x, beta)."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, beta: float = 1.0) -> torch.Tensor:
        raise NotImplementedError

    @staticmethod
    def backward(ctx, grad_out: torch.Tensor):
        """One gradient per forward input: (grad for x, None for beta)."""
        raise NotImplementedError


class ClampSTE(torch.autograd.Function):
    """Forward clamp(x, lo, hi); backward straight-through (the incoming gradient passes unchanged).
    Use as ClampSTE.apply(x, lo, hi)."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, lo: float, hi: float) -> torch.Tensor:
        raise NotImplementedError

    @staticmethod
    def backward(ctx, grad_out: torch.Tensor):
        raise NotImplementedError
