# Writes the gradient as e^z / (1 + e^z): inf / inf = nan for large inputs.
import torch


class StableSoftplus(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor, beta: float = 1.0) -> torch.Tensor:
        if beta <= 0:
            raise ValueError("beta must be positive")
        bx = beta * x
        # log(1 + e^z) = max(z, 0) + log1p(e^{-|z|}): the exponent is never positive, so nothing overflows.
        out = (torch.clamp(bx, min=0) + torch.log1p(torch.exp(-bx.abs()))) / beta
        ctx.save_for_backward(bx)
        return out

    @staticmethod
    def backward(ctx, grad_out: torch.Tensor):
        (bx,) = ctx.saved_tensors
        e = torch.exp(bx)
        return grad_out * e / (1 + e), None


class ClampSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor, lo: float, hi: float) -> torch.Tensor:
        if lo > hi:
            raise ValueError("lo must not exceed hi")
        return torch.clamp(x, lo, hi)

    @staticmethod
    def backward(ctx, grad_out: torch.Tensor):
        # Straight-through: pretend the clamp was the identity, even where it clipped.
        return grad_out, None, None
