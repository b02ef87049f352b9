# Zeroes the padding by multiplying with the mask: nan or -inf in the padding leaks through (0 * nan = nan).
import numpy as np


def perplexity(log_probs, mask=None):
    log_probs = np.asarray(log_probs, dtype=float)
    m = np.ones(log_probs.shape) if mask is None else np.asarray(mask, dtype=float)
    total = (log_probs * m).sum(axis=1)
    count = m.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_sequence = np.where(count > 0, np.exp(-total / count), np.nan)
        corpus = float(np.exp(-total.sum() / count.sum())) if count.sum() > 0 else float("nan")
    return {"per_sequence": per_sequence, "corpus": corpus}
