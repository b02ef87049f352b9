# Uses 10000**(i / d_model) with the pair index i instead of 10000**(2i / d_model).
import numpy as np


def sinusoidal_positional_encoding(seq_len, d_model):
    pe = np.zeros((seq_len, d_model))
    for p in range(seq_len):
        for i in range(d_model // 2):
            angle = p / 10000 ** (i / d_model)
            pe[p, 2 * i] = np.sin(angle)
            pe[p, 2 * i + 1] = np.cos(angle)
    return pe
