# Applies the reset gate to h @ W_hn.T only and adds b_hn afterwards, so b_hn escapes the reset.
import numpy as np


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    H = h.shape[1]
    sig = lambda v: 1 / (1 + np.exp(-v))
    gi = x @ W_ih.T + b_ih
    gh_nobias = h @ W_hh.T
    r = sig(gi[:, :H] + gh_nobias[:, :H] + b_hh[:H])
    z = sig(gi[:, H:2 * H] + gh_nobias[:, H:2 * H] + b_hh[H:2 * H])
    n = np.tanh(gi[:, 2 * H:] + r * gh_nobias[:, 2 * H:] + b_hh[2 * H:])
    return (1 - z) * n + z * h
