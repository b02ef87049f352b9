# Subtracts log q of the row's own positive (a per-row shift, which cancels out) instead of per column.
import numpy as np


def in_batch_softmax_logq(user_emb, item_emb, item_ids, sampling_prob, temperature=0.05,
                          remove_accidental_hits=True):
    U, V = np.asarray(user_emb, dtype=float), np.asarray(item_emb, dtype=float)
    ids = np.asarray(item_ids)
    b = U.shape[0]
    # Popular items are sampled as negatives more often than uniform: subtract log q per candidate column.
    logits = U @ V.T / temperature - np.log(np.asarray(sampling_prob, dtype=float))[:, None]
    if remove_accidental_hits:
        hits = (ids[:, None] == ids[None, :]) & ~np.eye(b, dtype=bool)
        logits = np.where(hits, -np.inf, logits)
    top = logits.max(axis=1, keepdims=True)  # finite: the diagonal is never masked
    log_z = top + np.log(np.exp(logits - top).sum(axis=1, keepdims=True))
    loss = float(np.mean(log_z[:, 0] - np.diag(logits)))
    grad_logits = (np.exp(logits - log_z) - np.eye(b)) / b  # masked entries: exp(-inf) = 0
    return {"loss": loss, "logits": logits, "grad_user": grad_logits @ V / temperature,
            "grad_item": grad_logits.T @ U / temperature}
