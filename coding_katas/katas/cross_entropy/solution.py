import numpy as np


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels)
    # -log softmax(z)_y = logsumexp(z) - z_y; shifting by the row max keeps exp from overflowing.
    m = z.max(axis=1, keepdims=True)
    log_sum_exp = m[:, 0] + np.log(np.exp(z - m).sum(axis=1))
    return float(np.mean(log_sum_exp - z[np.arange(len(y)), y]))
