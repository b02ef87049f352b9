import numpy as np


def sinusoidal_positional_encoding(seq_len: int, d_model: int) -> np.ndarray:
    """The (seq_len, d_model) sinusoidal encoding; d_model is even.

    PE[p, 2i] = sin(p / 10000**(2i / d_model)), PE[p, 2i + 1] = cos(p / 10000**(2i / d_model)).
    """
    raise NotImplementedError
