import numpy as np


def sample_with_temperature(logits: np.ndarray, temperature: float, rng) -> np.ndarray:
    """One token id per row of logits (..., V), rows in C order.

    temperature 0: argmax (lowest index on ties), no draws. Otherwise one u = rng.random() per row and
    the smallest j with u < cumsum(softmax(logits / temperature))[j] (fallback: last positive-probability
    index). Negative temperature raises ValueError. Returns an int array of shape logits.shape[:-1].
    """
    raise NotImplementedError
