import numpy as np


def lstm_cell(x: np.ndarray, h: np.ndarray, c: np.ndarray, W_ih: np.ndarray, W_hh: np.ndarray,
              b_ih: np.ndarray, b_hh: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One LSTM step, as torch.nn.LSTMCell.

    x (N, D), h and c (N, H), W_ih (4H, D), W_hh (4H, H), b_ih and b_hh (4H,).
    Gate blocks in the order (input, forget, cell, output). Returns (h_new, c_new), each (N, H).
    """
    raise NotImplementedError
