# Sets sigma to 0 at t = 0 but still computes mean + 0 * noise, which is nan for nan noise.
import numpy as np


def ddpm_reverse_step(x_t: np.ndarray, t: int, eps_pred: np.ndarray, betas: np.ndarray,
                      noise: np.ndarray, variance: str = "beta") -> np.ndarray:
    if variance not in ("beta", "posterior"):
        raise ValueError(f"unknown variance {variance!r}")
    t = int(t)
    betas = np.asarray(betas, dtype=float)
    alpha_bar = np.cumprod(1.0 - betas)
    beta_t, alpha_t = betas[t], 1.0 - betas[t]
    mean = (np.asarray(x_t, dtype=float) - beta_t / np.sqrt(1.0 - alpha_bar[t]) * eps_pred) / np.sqrt(alpha_t)
    if t == 0:
        var = 0.0
    elif variance == "beta":
        var = beta_t
    else:
        var = (1.0 - alpha_bar[t - 1]) / (1.0 - alpha_bar[t]) * beta_t
    return mean + np.sqrt(var) * noise
