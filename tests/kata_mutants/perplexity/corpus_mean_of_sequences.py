# Averages the per-sequence perplexities for the corpus value instead of pooling all tokens.
import numpy as np


def perplexity(log_probs, mask=None):
    log_probs = np.asarray(log_probs, dtype=float)
    real = np.ones(log_probs.shape, dtype=bool) if mask is None else np.asarray(mask).astype(bool)
    total = np.where(real, log_probs, 0.0).sum(axis=1)
    count = real.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_sequence = np.where(count > 0, np.exp(-total / count), np.nan)
    valid = per_sequence[count > 0]
    corpus = float(valid.mean()) if valid.size else float("nan")
    return {"per_sequence": per_sequence, "corpus": corpus}
