import numpy as np


def sinusoidal_positional_encoding(seq_len: int, d_model: int) -> np.ndarray:
    positions = np.arange(seq_len, dtype=float)[:, None]                 # (seq_len, 1)
    inv_freq = 10000.0 ** (-np.arange(0, d_model, 2, dtype=float) / d_model)  # (d_model / 2,)
    angles = positions * inv_freq                                         # (seq_len, d_model / 2)
    pe = np.empty((seq_len, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe
