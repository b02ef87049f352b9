import torch


def gqa_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                  key_padding_mask: torch.Tensor | None = None) -> torch.Tensor:
    """Grouped-query causal attention; queries are the last Lq of Lk positions; fully masked rows give zeros."""
    raise NotImplementedError
