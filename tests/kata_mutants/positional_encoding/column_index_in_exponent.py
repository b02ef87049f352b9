# Uses the column index j in 10000**(2j / d_model), so odd columns get their own, wrong frequency.
import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model):
    pos = np.arange(seq_len)[:, None]
    j = np.arange(d_model)[None, :]
    angles = pos / 10000 ** (2 * j / d_model)
    return np.where(j % 2 == 0, np.sin(angles), np.cos(angles))
