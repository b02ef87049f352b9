import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # Same as 1 / (1 + exp(-z)) but never overflows for large |z|.
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def gru_cell(x: np.ndarray, h: np.ndarray, W_ih: np.ndarray, W_hh: np.ndarray,
             b_ih: np.ndarray, b_hh: np.ndarray) -> np.ndarray:
    gi_r, gi_z, gi_n = np.split(x @ W_ih.T + b_ih, 3, axis=-1)
    gh_r, gh_z, gh_n = np.split(h @ W_hh.T + b_hh, 3, axis=-1)
    r = _sigmoid(gi_r + gh_r)
    z = _sigmoid(gi_z + gh_z)
    n = np.tanh(gi_n + r * gh_n)  # the reset gate scales the recurrent projection including b_hn
    return (1.0 - z) * n + z * h
