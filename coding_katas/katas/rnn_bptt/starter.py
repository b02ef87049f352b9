import numpy as np


def rnn_bptt(x: np.ndarray, h0: np.ndarray, W_ih: np.ndarray, W_hh: np.ndarray, b_ih: np.ndarray,
             b_hh: np.ndarray, dH: np.ndarray) -> dict:
    """Forward a tanh RNN over x (T, N, D) from h0 (N, H) and backpropagate dH (T, N, H) = dL/dh_t through time.

    Returns {"H", "dx", "dh0", "dW_ih", "dW_hh", "db_ih", "db_hh"}.
    """
    raise NotImplementedError
