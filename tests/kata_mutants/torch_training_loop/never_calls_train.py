# Never calls model.train(): a model handed over in eval mode trains with BatchNorm's running statistics.
from typing import Callable, Iterable

import torch
import torch.nn.functional as F
from torch import nn


def train_classifier(model: nn.Module, X: torch.Tensor, y: torch.Tensor,
                     make_optimizer: Callable[[Iterable[nn.Parameter]], torch.optim.Optimizer],
                     epochs: int, batch_size: int, seed: int) -> dict:
    n = X.shape[0]
    generator = torch.Generator().manual_seed(seed)
    optimizer = make_optimizer(model.parameters())
    losses = []
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator)
        total = 0.0
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(X[idx]), y[idx])
            loss.backward()
            optimizer.step()
            total += loss.item() * idx.numel()  # the last batch may be smaller: weight by its size
        losses.append(total / n)

    model.eval()
    with torch.no_grad():
        accuracy = (model(X).argmax(dim=1) == y).float().mean().item()
    return {"losses": losses, "accuracy": accuracy}
