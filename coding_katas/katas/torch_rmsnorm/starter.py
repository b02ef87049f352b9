import torch


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    """RMSNorm over the last dim, computed in float32 (float64 stays float64), cast back to x.dtype, times weight."""
    raise NotImplementedError


class RMSNormFunction(torch.autograd.Function):
    """RMSNormFunction.apply(x, weight, eps) with a hand-written backward returning (grad_x, grad_weight, None)."""

    @staticmethod
    def forward(ctx, x, weight, eps):
        raise NotImplementedError

    @staticmethod
    def backward(ctx, grad_out):
        raise NotImplementedError
