# Guards the division with max(count, 1), so an empty sequence gets perplexity exp(0) = 1 instead of nan.
import numpy as np


def perplexity(log_probs, mask=None):
    log_probs = np.asarray(log_probs, dtype=float)
    real = np.ones(log_probs.shape, dtype=bool) if mask is None else np.asarray(mask).astype(bool)
    total = np.where(real, log_probs, 0.0).sum(axis=1)
    count = real.sum(axis=1)
    per_sequence = np.exp(-total / np.maximum(count, 1))
    corpus = float(np.exp(-total.sum() / max(count.sum(), 1)))
    return {"per_sequence": per_sequence, "corpus": corpus}
