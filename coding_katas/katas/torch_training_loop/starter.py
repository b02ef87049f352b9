from typing import Callable, Iterable

import torch
import torch.nn.functional as F
from torch import nn


def train_classifier(model: nn.Module, X: torch.Tensor, y: torch.Tensor,
                     make_optimizer: Callable[[Iterable[nn.Parameter]], torch.optim.Optimizer],
                     epochs: int, batch_size: int, seed: int) -> dict:
    """Train `model` in place with mini-batch cross-entropy, reproducibly.

    generator = torch.Generator().manual_seed(seed); optimizer = make_optimizer(model.parameters()) once;
    each epoch: model.train(), order = torch.randperm(N, generator=generator), consecutive batches of
    batch_size (last one smaller), zero_grad / cross_entropy (mean) / backward / step; the epoch's loss
    is sum(batch loss * batch size) / N. Finally model.eval() and, without grad, the accuracy of
    argmax(model(X), dim=1) on all of X.
    Returns {"losses": [one float per epoch], "accuracy": float}.
    """
    raise NotImplementedError
