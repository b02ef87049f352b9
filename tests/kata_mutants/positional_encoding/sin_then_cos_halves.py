# Puts all sines in the first half and all cosines in the second instead of interleaving them.
import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model):
    pos = np.arange(seq_len)[:, None]
    freq = 1.0 / 10000 ** (np.arange(0, d_model, 2) / d_model)
    return np.concatenate([np.sin(pos * freq), np.cos(pos * freq)], axis=1)
