# Breaks equal distances by the order candidates were scanned (probe order, then insertion) instead of by id.
import numpy as np


class IVFIndex:
    def __init__(self, centroids):
        self.centroids = np.array(centroids, dtype=float)
        self.lists = [[] for _ in range(len(self.centroids))]  # (id, vector) pairs
        self.ntotal = 0

    def _nearest_lists(self, x):
        d = ((self.centroids - x) ** 2).sum(axis=1)
        return np.argsort(d, kind="stable")

    def add(self, vectors, ids=None):
        vectors = np.asarray(vectors, dtype=float)
        if ids is None:
            ids = range(self.ntotal, self.ntotal + len(vectors))
        for i, v in zip(ids, vectors):
            c = self._nearest_lists(v)[0]
            self.lists[c].append((int(i), v.copy()))
        self.ntotal += len(vectors)

    def list_ids(self, c):
        return np.array([i for i, _ in self.lists[c]], dtype=np.int64)

    def search(self, queries, k, nprobe=1):
        queries = np.asarray(queries, dtype=float)
        D = np.full((len(queries), k), np.inf)
        I = np.full((len(queries), k), -1, dtype=np.int64)
        for qi, q in enumerate(queries):
            cand = []
            for c in self._nearest_lists(q)[:nprobe]:
                cand += [(float(((v - q) ** 2).sum()), i) for i, v in self.lists[c]]
            cand.sort(key=lambda t: t[0])
            for r, (d, i) in enumerate(cand[:k]):
                D[qi, r], I[qi, r] = d, i
        return D, I


def recall_at_k(approx_ids, exact_ids):
    total = 0.0
    for a, e in zip(approx_ids, exact_ids):
        truth = {int(i) for i in e if i >= 0}
        found = {int(i) for i in a if i >= 0}
        total += len(truth & found) / len(truth) if truth else 1.0
    return total / len(exact_ids)
