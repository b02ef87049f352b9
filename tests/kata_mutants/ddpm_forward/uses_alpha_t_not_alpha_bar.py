# Uses the single-step alpha_t = 1 - beta_t instead of the cumulative product.
import numpy as np


def ddpm_q_sample(x0, t, betas, noise):
    alpha = 1.0 - betas[t]
    return np.sqrt(alpha) * x0 + np.sqrt(1.0 - alpha) * noise
