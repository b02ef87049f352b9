# Computes AP item by item after a stable sort, so tied items get different precisions.
import numpy as np


def _ndcg(rel, score, k):
    n = len(rel)
    discount = np.zeros(n)
    top = min(k, n)
    discount[:top] = 1.0 / np.log2(np.arange(2, top + 2))
    ideal = float(np.sort(rel)[::-1] @ discount)
    if ideal == 0.0:
        return 0.0
    # Groups of equal scores, best first; each group gets its mean gain times the discounts it spans.
    groups, inverse = np.unique(-score, return_inverse=True)
    dcg, start = 0.0, 0
    for g in range(len(groups)):
        members = rel[inverse == g]
        dcg += members.mean() * discount[start:start + len(members)].sum()
        start += len(members)
    return dcg / ideal


def _average_precision(relevant, score):
    total = relevant.sum()
    if total == 0:
        return 0.0
    ranked = relevant[np.argsort(-score, kind="stable")]
    hits = np.cumsum(ranked)
    return float((hits / np.arange(1, len(ranked) + 1))[ranked].sum() / total)


def _reciprocal_rank(relevant, score):
    if not relevant.any():
        return 0.0
    best = score[relevant].max()
    return 1.0 / np.count_nonzero(score >= best)  # pessimistic: every tie counts as ranked above


def ranking_metrics(y_true, y_score, k):
    y_true, y_score = np.asarray(y_true, dtype=float), np.asarray(y_score, dtype=float)
    ndcg = np.array([_ndcg(t, s, k) for t, s in zip(y_true, y_score)])
    ap = np.array([_average_precision(t > 0, s) for t, s in zip(y_true, y_score)])
    rr = np.array([_reciprocal_rank(t > 0, s) for t, s in zip(y_true, y_score)])
    return {"ndcg": float(ndcg.mean()), "map": float(ap.mean()), "mrr": float(rr.mean()),
            "ndcg_per_query": ndcg, "ap_per_query": ap, "rr_per_query": rr}
