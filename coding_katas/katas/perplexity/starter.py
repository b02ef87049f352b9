import numpy as np


def perplexity(log_probs: np.ndarray, mask: np.ndarray | None = None) -> dict:
    """Perplexity from natural-log token log-probs (B, T) and a 0/1 or bool mask (None = all real).

    Returns {"per_sequence": float array (B,), nan where a row has no real token,
             "corpus": float, exp of minus the token-weighted mean log-prob, nan with no real token}.
    Padded positions may hold nan or inf and must be ignored.
    """
    raise NotImplementedError
