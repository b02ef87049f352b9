# Scales the noise by the variance 1 - alpha_bar instead of its square root.
import numpy as np


def ddpm_q_sample(x0, t, betas, noise):
    alpha_bar = np.cumprod(1.0 - betas)[t]
    return np.sqrt(alpha_bar) * x0 + (1.0 - alpha_bar) * noise
