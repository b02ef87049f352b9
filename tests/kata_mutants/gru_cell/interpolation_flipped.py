# Swaps the roles of z: h_new = z * n + (1 - z) * h.
import numpy as np


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    sig = lambda v: 1 / (1 + np.exp(-v))
    i_r, i_z, i_n = np.split(x @ W_ih.T + b_ih, 3, axis=1)
    h_r, h_z, h_n = np.split(h @ W_hh.T + b_hh, 3, axis=1)
    r = sig(i_r + h_r)
    z = sig(i_z + h_z)
    n = np.tanh(i_n + r * h_n)
    return z * n + (1 - z) * h
