# Computes IDCG over the whole list instead of cutting it at k.
import numpy as np


def _ndcg(rel, score, k):
    n = len(rel)
    discount = np.zeros(n)
    top = min(k, n)
    discount[:top] = 1.0 / np.log2(np.arange(2, top + 2))
    ideal = float(np.sort(rel)[::-1] @ (1.0 / np.log2(np.arange(2, n + 2))))
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
    ap, recall_before = 0.0, 0.0
    for s in np.unique(score)[::-1]:  # distinct thresholds, highest first
        above = score >= s
        hits = relevant[above].sum()
        recall = hits / total
        ap += (recall - recall_before) * hits / above.sum()
        recall_before = recall
    return float(ap)


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
