# Stacks the codewords along a new last axis before flattening, interleaving their coordinates.
import numpy as np


def _subvectors(X, codebooks):
    m, ksub, dsub = codebooks.shape
    if X.shape[1] != m * dsub:
        raise ValueError("dimension mismatch")
    return [X[:, j * dsub:(j + 1) * dsub] for j in range(m)]


def pq_encode(X, codebooks):
    X = np.asarray(X, dtype=float)
    codes = np.zeros((len(X), codebooks.shape[0]), dtype=np.int64)
    for j, sub in enumerate(_subvectors(X, codebooks)):
        d = ((sub[:, None, :] - codebooks[j][None, :, :]) ** 2).sum(axis=2)
        codes[:, j] = np.argmin(d, axis=1)
    return codes


def pq_decode(codes, codebooks):
    return np.stack([codebooks[j][codes[:, j]] for j in range(codebooks.shape[0])], axis=2).reshape(len(codes), -1)


def pq_adc(query, codes, codebooks):
    query = np.asarray(query, dtype=float)
    subs = _subvectors(query[None, :], codebooks)
    table = np.stack([((codebooks[j] - subs[j][0]) ** 2).sum(axis=1) for j in range(codebooks.shape[0])])
    return sum(table[j][codes[:, j]] for j in range(codebooks.shape[0]))


def pq_search(query, codes, codebooks, k):
    d = pq_adc(query, codes, codebooks)
    return np.argsort(d, kind="stable")[:k]
