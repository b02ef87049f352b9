import numpy as np


def ddpm_q_sample(x0: np.ndarray, t: int, betas: np.ndarray, noise: np.ndarray) -> np.ndarray:
    betas = np.asarray(betas, dtype=float)
    alpha_bar = np.prod(1.0 - betas[: int(t) + 1])  # inclusive of step t
    return np.sqrt(alpha_bar) * x0 + np.sqrt(1.0 - alpha_bar) * noise
