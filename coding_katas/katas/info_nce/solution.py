import numpy as np


def _log_softmax(z, axis):
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _normalise_backward(x, unit, g):
    """Gradient through u = x / |x| per row: remove g's component along u, divide by |x|."""
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    return (g - unit * (unit * g).sum(axis=1, keepdims=True)) / norm


def clip_loss(image_emb, text_emb, temperature):
    a, b = np.asarray(image_emb, dtype=float), np.asarray(text_emb, dtype=float)
    n = a.shape[0]
    u = a / np.linalg.norm(a, axis=1, keepdims=True)
    v = b / np.linalg.norm(b, axis=1, keepdims=True)
    logits = u @ v.T / temperature
    log_rows = _log_softmax(logits, axis=1)  # image -> text: each image picks among the texts
    log_cols = _log_softmax(logits, axis=0)  # text -> image: each text picks among the images
    loss_i2t = -np.trace(log_rows) / n
    loss_t2i = -np.trace(log_cols) / n
    eye = np.eye(n)
    g_logits = ((np.exp(log_rows) - eye) + (np.exp(log_cols) - eye)) / (2 * n)
    g_u = g_logits @ v / temperature
    g_v = g_logits.T @ u / temperature
    return {"loss": float((loss_i2t + loss_t2i) / 2), "loss_i2t": float(loss_i2t), "loss_t2i": float(loss_t2i),
            "logits": logits, "grad_image": _normalise_backward(a, u, g_u), "grad_text": _normalise_backward(b, v, g_v)}
