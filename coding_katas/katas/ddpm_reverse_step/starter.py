import numpy as np


def ddpm_reverse_step(x_t: np.ndarray, t: int, eps_pred: np.ndarray, betas: np.ndarray,
                      noise: np.ndarray, variance: str = "beta") -> np.ndarray:
    """One DDPM ancestral step x_t -> x_{t-1} (0-based t, alpha_bar_t = prod_{s<=t} (1 - beta_s)).

    mean = (x_t - beta_t / sqrt(1 - alpha_bar_t) * eps_pred) / sqrt(alpha_t); sigma^2 = beta_t
    ("beta") or (1 - alpha_bar_{t-1}) / (1 - alpha_bar_t) * beta_t ("posterior"); no noise at t = 0.
    """
    raise NotImplementedError
