import numpy as np


def gru_cell(x: np.ndarray, h: np.ndarray, W_ih: np.ndarray, W_hh: np.ndarray,
             b_ih: np.ndarray, b_hh: np.ndarray) -> np.ndarray:
    """One GRU step, as torch.nn.GRUCell.

    x (N, D), h (N, H), W_ih (3H, D), W_hh (3H, H), b_ih and b_hh (3H,).
    Gate blocks in the order (reset, update, new); n = tanh(gi_n + r * (h @ W_hn.T + b_hn)),
    h_new = (1 - z) * n + z * h. Returns h_new, shape (N, H). Inputs are not modified.
    """
    raise NotImplementedError
