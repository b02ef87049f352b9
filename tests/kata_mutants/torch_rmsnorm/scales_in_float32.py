# Multiplies by the weight in float32 and casts at the end (Gemma's order, not Llama's), and also forgets the cast for float32 weights.
import torch


def rms_norm(x, weight, eps=1e-6):
    h = x.to(torch.float64 if x.dtype == torch.float64 else torch.float32)  # x**2 overflows in float16
    h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + eps)
    return h * weight.to(h.dtype)


class RMSNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, eps):
        inv_r = torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)
        x_hat = x * inv_r
        ctx.save_for_backward(x_hat, inv_r, weight)
        return x_hat * weight

    @staticmethod
    def backward(ctx, grad_out):
        x_hat, inv_r, weight = ctx.saved_tensors
        grad_weight = (grad_out * x_hat).reshape(-1, x_hat.shape[-1]).sum(0)
        g = grad_out * weight
        # The second term is the path through r: d r / d x = x_hat / D.
        grad_x = inv_r * (g - x_hat * (g * x_hat).mean(-1, keepdim=True))
        return grad_x, grad_weight, None
