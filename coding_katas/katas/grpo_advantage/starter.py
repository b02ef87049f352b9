import numpy as np


def group_advantages(rewards: np.ndarray, eps: float = 1e-4) -> np.ndarray:
    """(P, G) rewards -> (P, G) advantages (r - row mean) / (row std with ddof=1 + eps)."""
    raise NotImplementedError


def grpo_loss(logp: np.ndarray, logp_old: np.ndarray, logp_ref: np.ndarray, advantages: np.ndarray,
              mask: np.ndarray, clip_eps: float = 0.2, beta: float = 0.04) -> dict:
    """GRPO clipped surrogate with a k3 KL penalty, averaged per sequence then over sequences.

    Returns {"loss": float, "kl": float, "clip_frac": float, "grad": (N, T) d loss / d logp}."""
    raise NotImplementedError
