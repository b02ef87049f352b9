import numpy as np


def logsumexp(x: np.ndarray, axis: int = -1, keepdims: bool = False) -> np.ndarray:
    """log(sum(exp(x))) along axis, stable for |x| up to 1e4; an all -inf slice gives -inf."""
    raise NotImplementedError


def kl_divergence(p: np.ndarray, q: np.ndarray, axis: int = -1) -> np.ndarray:
    """sum p log(p / q) along axis; p = 0 terms are 0, p > 0 = q terms are +inf."""
    raise NotImplementedError


def kl_from_logits(logits_p: np.ndarray, logits_q: np.ndarray, axis: int = -1) -> np.ndarray:
    """KL(softmax(logits_p) || softmax(logits_q)) along axis, via log-softmax."""
    raise NotImplementedError
