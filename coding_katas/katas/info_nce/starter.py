import numpy as np


def clip_loss(image_emb: np.ndarray, text_emb: np.ndarray, temperature: float) -> dict:
    """Symmetric InfoNCE on L2-normalised rows. Returns {"loss", "loss_i2t", "loss_t2i", "logits",
    "grad_image", "grad_text"} with gradients of the loss w.r.t. the unnormalised embeddings."""
    raise NotImplementedError
