# Uses the original Cho et al. form n = tanh(W_in x + b_in + W_hn (r * h) + b_hn), not torch's.
import numpy as np


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    H = h.shape[1]
    sig = lambda v: 1 / (1 + np.exp(-v))
    gi = x @ W_ih.T + b_ih
    gh = h @ W_hh.T + b_hh
    r = sig(gi[:, :H] + gh[:, :H])
    z = sig(gi[:, H:2 * H] + gh[:, H:2 * H])
    n = np.tanh(gi[:, 2 * H:] + (r * h) @ W_hh[2 * H:].T + b_hh[2 * H:])
    return (1 - z) * n + z * h
