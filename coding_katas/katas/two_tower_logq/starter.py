import numpy as np


def in_batch_softmax_logq(user_emb: np.ndarray, item_emb: np.ndarray, item_ids: np.ndarray, sampling_prob: np.ndarray,
                          temperature: float = 0.05, remove_accidental_hits: bool = True) -> dict:
    """In-batch softmax with logQ correction. Returns {"loss", "logits", "grad_user", "grad_item"}."""
    raise NotImplementedError
