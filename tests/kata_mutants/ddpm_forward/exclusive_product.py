# Off by one: multiplies (1 - beta_s) for s < t only, so t = 0 returns x0 untouched.
import numpy as np


def ddpm_q_sample(x0, t, betas, noise):
    alpha_bar = np.prod(1.0 - np.asarray(betas)[:t])
    return np.sqrt(alpha_bar) * x0 + np.sqrt(1.0 - alpha_bar) * noise
