import numpy as np


def _split(x: np.ndarray, codebooks: np.ndarray) -> np.ndarray:
    """(..., m * dsub) -> (..., m, dsub): the contiguous sub-vectors."""
    m, _, dsub = codebooks.shape
    if x.shape[-1] != m * dsub:
        raise ValueError(f"vectors have {x.shape[-1]} dimensions, codebooks need m * dsub = {m * dsub}")
    return x.reshape(*x.shape[:-1], m, dsub)


def _table(sub: np.ndarray, codebooks: np.ndarray) -> np.ndarray:
    """Squared distances (..., m, ksub) from sub-vectors (..., m, dsub) to every codeword of their codebook."""
    return ((sub[..., :, None, :] - codebooks) ** 2).sum(axis=-1)


def pq_encode(X: np.ndarray, codebooks: np.ndarray) -> np.ndarray:
    codebooks = np.asarray(codebooks, dtype=float)
    sub = _split(np.asarray(X, dtype=float), codebooks)
    return np.argmin(_table(sub, codebooks), axis=-1).astype(np.int64)  # first minimum = lowest code


def pq_decode(codes: np.ndarray, codebooks: np.ndarray) -> np.ndarray:
    codebooks = np.asarray(codebooks, dtype=float)
    codes = np.asarray(codes)
    m, _, dsub = codebooks.shape
    return codebooks[np.arange(m), codes].reshape(len(codes), m * dsub)


def pq_adc(query: np.ndarray, codes: np.ndarray, codebooks: np.ndarray) -> np.ndarray:
    codebooks = np.asarray(codebooks, dtype=float)
    table = _table(_split(np.asarray(query, dtype=float), codebooks), codebooks)  # (m, ksub)
    codes = np.asarray(codes)
    m = codebooks.shape[0]
    return table[np.arange(m), codes].sum(axis=1)


def pq_search(query: np.ndarray, codes: np.ndarray, codebooks: np.ndarray, k: int) -> np.ndarray:
    dists = pq_adc(query, codes, codebooks)
    return np.argsort(dists, kind="stable")[:k].astype(np.int64)
