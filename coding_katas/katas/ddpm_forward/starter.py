import numpy as np


def ddpm_q_sample(x0: np.ndarray, t: int, betas: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """Draw x_t ~ q(x_t | x0) with the given noise.

    alpha_bar_t = prod_{s=0..t} (1 - betas[s])  (0-based, inclusive);
    returns sqrt(alpha_bar_t) * x0 + sqrt(1 - alpha_bar_t) * noise, shaped like x0.
    """
    raise NotImplementedError
