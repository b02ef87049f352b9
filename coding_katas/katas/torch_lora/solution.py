import math

import torch
from torch import nn


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, r: int, alpha: float):
        super().__init__()
        self.base = base
        self.r = r
        self.alpha = alpha
        self.scaling = alpha / r
        for p in self.base.parameters():
            p.requires_grad_(False)
        factory = {"dtype": base.weight.dtype, "device": base.weight.device}
        self.A = nn.Parameter(torch.empty(r, base.in_features, **factory))
        self.B = nn.Parameter(torch.zeros(base.out_features, r, **factory))
        nn.init.kaiming_uniform_(self.A, a=math.sqrt(5))  # the default init of nn.Linear weights

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # Through the rank-r bottleneck: never materialise the (out, in) update here.
        return self.base(x) + self.scaling * ((x @ self.A.T) @ self.B.T)

    @torch.no_grad()
    def merge(self) -> nn.Linear:
        weight = self.base.weight
        merged = nn.Linear(self.base.in_features, self.base.out_features, bias=self.base.bias is not None,
                           dtype=weight.dtype, device=weight.device)
        merged.weight.copy_(weight + self.scaling * (self.B @ self.A))
        if self.base.bias is not None:
            merged.bias.copy_(self.base.bias)
        return merged
