import numpy as np


def noisy_topk_gating(x: np.ndarray, W_g: np.ndarray, W_noise: np.ndarray, noise: np.ndarray, k: int,
                      alpha: float = 0.01) -> dict:
    """Noisy top-k router: {"gates" (N, E), "topk_indices" (N, k), "expert_counts" (E,), "aux_loss" float}."""
    raise NotImplementedError
