# Forgets to cast back: float16 and bfloat16 inputs get a float32 result.
import torch


def _shifted(x: torch.Tensor, dim: int) -> tuple[torch.Tensor, torch.Tensor]:
    """x upcast (float64 stays float64, everything else goes to float32) and shifted by its max along dim,
    plus the sum of the exponentials (0 exactly for a slice that is entirely -inf)."""
    z = x.to(torch.float64 if x.dtype == torch.float64 else torch.float32)
    m = z.amax(dim=dim, keepdim=True)
    # An all -inf slice has max -inf, and -inf - (-inf) is nan: shift such a slice by 0 instead.
    m = torch.where(torch.isneginf(m), torch.zeros_like(m), m)
    shifted = z - m
    return shifted, torch.exp(shifted).sum(dim=dim, keepdim=True)


def stable_softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    shifted, total = _shifted(x, dim)
    # total is 0 only when every exponential is 0 (an all -inf slice): dividing by 1 gives the zeros we want.
    out = torch.exp(shifted) / torch.where(total > 0, total, torch.ones_like(total))
    return out


def stable_log_softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    shifted, total = _shifted(x, dim)
    out = shifted - torch.log(total)
    return torch.where(total > 0, out, torch.full_like(out, float("-inf")))
