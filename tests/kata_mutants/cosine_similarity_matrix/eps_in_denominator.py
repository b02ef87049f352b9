# Avoids 0/0 by adding 1e-8 to the norms, which is wrong for short vectors.
import numpy as np


def cosine_similarity_matrix(a, b):
    an = a / (np.linalg.norm(a, axis=1, keepdims=True) + 1e-8)
    bn = b / (np.linalg.norm(b, axis=1, keepdims=True) + 1e-8)
    return an @ bn.T
