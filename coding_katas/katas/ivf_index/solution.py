import numpy as np


def _sq_dists(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(n, m) squared Euclidean distances between the rows of a (n, d) and b (m, d)."""
    return ((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=-1)


class IVFIndex:
    def __init__(self, centroids: np.ndarray):
        self.centroids = np.array(centroids, dtype=float)
        nlist, d = self.centroids.shape
        self._vecs = [np.empty((0, d)) for _ in range(nlist)]
        self._ids = [np.empty(0, dtype=np.int64) for _ in range(nlist)]
        self.ntotal = 0

    def add(self, vectors: np.ndarray, ids: np.ndarray | None = None) -> None:
        vectors = np.asarray(vectors, dtype=float)
        n = len(vectors)
        ids = np.arange(self.ntotal, self.ntotal + n) if ids is None else np.asarray(ids)
        ids = ids.astype(np.int64)
        if ids.shape != (n,):
            raise ValueError("ids must have one entry per vector")
        assign = np.argmin(_sq_dists(vectors, self.centroids), axis=1)  # first minimum: lower index
        for c in np.unique(assign):
            rows = assign == c
            # concatenate copies, so later changes to `vectors` do not reach the index
            self._vecs[c] = np.concatenate([self._vecs[c], vectors[rows]])
            self._ids[c] = np.concatenate([self._ids[c], ids[rows]])
        self.ntotal += n

    def list_ids(self, c: int) -> np.ndarray:
        return self._ids[c].copy()

    def search(self, queries: np.ndarray, k: int, nprobe: int = 1) -> tuple[np.ndarray, np.ndarray]:
        queries = np.asarray(queries, dtype=float)
        nq = len(queries)
        out_d = np.full((nq, k), np.inf)
        out_i = np.full((nq, k), -1, dtype=np.int64)
        probe_order = np.argsort(_sq_dists(queries, self.centroids), axis=1, kind="stable")[:, :nprobe]
        for qi, (q, probe) in enumerate(zip(queries, probe_order)):
            vecs = np.concatenate([self._vecs[c] for c in probe])
            ids = np.concatenate([self._ids[c] for c in probe])
            dists = ((vecs - q) ** 2).sum(axis=1)
            best = np.lexsort((ids, dists))[:k]  # by distance, then by id
            out_d[qi, : len(best)] = dists[best]
            out_i[qi, : len(best)] = ids[best]
        return out_d, out_i


def recall_at_k(approx_ids: np.ndarray, exact_ids: np.ndarray) -> float:
    recalls = []
    for approx, exact in zip(np.asarray(approx_ids), np.asarray(exact_ids)):
        truth = {int(i) for i in exact if i >= 0}
        found = {int(i) for i in approx if i >= 0}
        recalls.append(len(found & truth) / len(truth) if truth else 1.0)
    return float(np.mean(recalls))
