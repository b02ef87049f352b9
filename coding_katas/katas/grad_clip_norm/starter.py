import numpy as np


def clip_grad_norm(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """Clip a list of gradients by their global L2 norm, as torch.nn.utils.clip_grad_norm_.

    total = sqrt(sum of all squared entries); coef = max_norm / (total + 1e-6); every array is
    scaled by coef only when coef < 1. Returns (new list of new arrays, total before clipping).
    The inputs are not modified.
    """
    raise NotImplementedError
