from fractions import Fraction


def _ranked(scores, depth):
    order = sorted(scores, key=lambda d: (-scores[d], d))  # equal scores: doc_id ascending
    return order if depth is None else order[:depth]


def rrf_fuse(results, k=60, weights=None, depth=None, top_n=None):
    weights = [1] * len(results) if weights is None else weights
    fused: dict[str, Fraction] = {}
    for scores, w in zip(results, weights, strict=True):
        for rank, doc in enumerate(_ranked(scores, depth), start=1):
            # Exact arithmetic: a tie between two documents must not depend on summation order.
            fused[doc] = fused.get(doc, Fraction(0)) + Fraction(w) / (k + rank)
    order = sorted(fused, key=lambda d: (-fused[d], d))
    if top_n is not None:
        order = order[:top_n]
    return [(d, float(fused[d])) for d in order]
