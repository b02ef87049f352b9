import numpy as np


def perplexity(log_probs: np.ndarray, mask: np.ndarray | None = None) -> dict:
    log_probs = np.asarray(log_probs, dtype=float)
    real = np.ones(log_probs.shape, dtype=bool) if mask is None else np.asarray(mask).astype(bool)
    # np.where, not multiplication: padding may hold nan or -inf, and 0 * nan is nan.
    total = np.where(real, log_probs, 0.0).sum(axis=1)
    count = real.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_sequence = np.where(count > 0, np.exp(-total / count), np.nan)
        n = count.sum()
        corpus = float(np.exp(-total.sum() / n)) if n > 0 else float("nan")
    return {"per_sequence": per_sequence, "corpus": corpus}
