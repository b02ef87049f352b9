import torch


def stable_softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """Softmax along dim, safe in float16/bfloat16: computed in float32 (float64 stays float64) with a
    max shift, returned in x's dtype; a slice that is entirely -inf gives zeros."""
    raise NotImplementedError


def stable_log_softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """Log-softmax along dim with the same rules; computed as shifted - log(sum(exp(shifted))), never as
    log(softmax); a slice that is entirely -inf gives -inf everywhere."""
    raise NotImplementedError
