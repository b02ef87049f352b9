# Right values, but scales and shifts the caller's x0 array in place to save memory.
import numpy as np


def ddpm_q_sample(x0, t, betas, noise):
    alpha_bar = np.prod(1.0 - betas[: t + 1])
    x0 *= np.sqrt(alpha_bar)
    x0 += np.sqrt(1.0 - alpha_bar) * noise
    return x0
