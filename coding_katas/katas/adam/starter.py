import numpy as np


def adam_step(param: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, t: int,
              lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
              eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam update (as torch.optim.Adam); t is the 1-based step number.

    Returns (new_param, new_m, new_v) with new_m, new_v the uncorrected moment estimates;
    eps is added after the square root. The inputs are not modified.
    """
    raise NotImplementedError
