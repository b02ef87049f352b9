# Treats r as a constant in backward: grad_x = grad_out * weight / r.
import torch


def rms_norm(x, weight, eps=1e-6):
    h = x.to(torch.float64 if x.dtype == torch.float64 else torch.float32)  # x**2 overflows in float16
    h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + eps)
    return h.to(x.dtype) * weight  # Llama order: cast back first, then scale


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
        grad_x = inv_r * g
        return grad_x, grad_weight, None
