from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

# Tie scenarios use small integer coordinates: every squared distance is an exact integer, so equal
# distances are truly equal whichever way an implementation computes them.


class _BruteIVF:
    """Independent model for expected values: a flat list of (list, id, vector) rows; lists ranked by a Python
    sort on (distance, index), candidates by lexsort on (distance, id)."""

    def __init__(self, centroids):
        self.cents, self.rows = np.array(centroids, dtype=float), []

    def _nearest_lists(self, v):
        d = ((self.cents - v) ** 2).sum(axis=1)
        return sorted(range(len(self.cents)), key=lambda c: (d[c], c))

    def add(self, vectors, ids=None):
        ids = range(len(self.rows), len(self.rows) + len(vectors)) if ids is None else ids
        for v, i in zip(np.array(vectors, dtype=float), ids, strict=True):
            self.rows.append((self._nearest_lists(v)[0], int(i), v))

    def list_ids(self, c):
        return np.array([i for lst, i, _ in self.rows if lst == c], dtype=np.int64)

    def search(self, queries, k, nprobe=1):
        dist, ids = np.full((len(queries), k), np.inf), np.full((len(queries), k), -1, dtype=np.int64)
        for qi, q in enumerate(queries):
            probed = set(self._nearest_lists(q)[:nprobe])
            rows = [(i, v) for lst, i, v in self.rows if lst in probed]
            if not rows:
                continue
            cand_ids = np.array([i for i, _ in rows])
            d = ((np.array([v for _, v in rows]) - q) ** 2).sum(axis=1)
            best = np.lexsort((cand_ids, d))[:k]  # distance first, then the lower id
            dist[qi, :len(best)], ids[qi, :len(best)] = d[best], cand_ids[best]
        return dist, ids


def _set_recall(approx_ids, exact_ids):
    rows = []
    for a, e in zip(approx_ids, exact_ids, strict=True):
        E, A = {int(x) for x in e if x >= 0}, {int(x) for x in a if x >= 0}
        rows.append(len(A & E) / len(E) if E else 1.0)
    return float(np.mean(rows))


_MODEL = SimpleNamespace(IVFIndex=_BruteIVF, recall_at_k=_set_recall)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _search(index, queries, k, nprobe):
    d, i = index.search(np.asarray(queries, dtype=float), k, nprobe)
    return [np.asarray(d, dtype=float), np.asarray(i)]


def _example(m):
    index = m.IVFIndex(np.array([[0.0, 0.0], [10.0, 0.0]]))
    index.add(np.array([[1.0, 0.0], [9.0, 0.0], [5.0, 0.0], [11.0, 1.0], [-1.0, 1.0], [6.0, 0.0]]))
    return index


@sample(expected=[np.array([0, 2, 4]), np.array([1, 3, 5]), [np.array([[1.0, 10.0]]), np.array([[5, 1]])],
                  [np.array([[1.0, 2.0]]), np.array([[5, 2]])], 0.5])
def example_from_prompt(m):
    """two centroids, six 2-D vectors (one equidistant), the query [6, 1] with nprobe 1 and 2, then recall"""
    index = _example(m)
    q = [[6.0, 1.0]]
    return [index.list_ids(0), index.list_ids(1), _search(index, q, 2, 1), _search(index, q, 2, 2),
            m.recall_at_k(np.array([[5, 1]]), np.array([[5, 2]]))]


@sample(expected=[[np.array([[1.0, 10.0, 25.0, np.inf]]), np.array([[5, 1, 3, -1]])],
                  [np.array([[1.0, 2.0, 10.0, 25.0, 26.0, 49.0, np.inf]]), np.array([[5, 2, 1, 3, 0, 4, -1]])]])
def fewer_candidates_than_k_are_padded(m):
    """the example index: k = 4 with only 3 vectors in the probed list, and k = 7 over all 6 vectors"""
    index = _example(m)
    return [_search(index, [[6.0, 1.0]], 4, 1), _search(index, [[6.0, 1.0]], 7, 5)]


@sample(expected=[np.array([30, 10, 20]), [np.array([[1.0, 1.0, 1.0]]), np.array([[10, 20, 30]])]])
def equal_distances_go_to_the_lower_id(m):
    """ids 30, 10, 20 given out of order for three vectors at distance 1 from the query"""
    index = m.IVFIndex(np.array([[0.0, 0.0]]))
    index.add(np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]), ids=np.array([30, 10, 20]))
    return [index.list_ids(0), _search(index, [[0.0, 0.0]], 3, 1)]


@_expected_from_model(hidden)
def vector_equidistant_to_two_centroids(m):
    """centroids at x = 0, 4, 8 (listed 8, 0, 4): points at x = 2 and 6 are on the boundaries"""
    index = m.IVFIndex(np.array([[8.0, 0.0], [0.0, 0.0], [4.0, 0.0]]))
    index.add(np.array([[2.0, 0.0], [6.0, 0.0], [2.0, 3.0], [6.0, -3.0], [4.0, 0.0], [-5.0, 0.0]]))
    return [index.list_ids(0), index.list_ids(1), index.list_ids(2)]


@_expected_from_model(hidden)
def query_equidistant_to_two_centroids(m):
    """nprobe 1 with the query on the boundary between centroids 0 and 2: list 0 is probed"""
    index = m.IVFIndex(np.array([[0.0, 0.0], [0.0, 9.0], [4.0, 0.0]]))
    index.add(np.array([[0.0, 1.0], [4.0, 1.0], [-1.0, 0.0], [5.0, 0.0], [0.0, 8.0]]))
    q = [[2.0, 0.0], [2.0, 0.5]]
    return [_search(index, q, 2, 1), _search(index, q, 3, 2)]


@_expected_from_model(hidden)
def ties_across_lists_go_to_the_lower_id(m):
    """equal distances between candidates of two probed lists: the lower id wins, not the nearer list"""
    index = m.IVFIndex(np.array([[0.0, 0.0], [6.0, 0.0]]))
    index.add(np.array([[2.0, 0.0], [-2.0, 0.0], [4.0, 0.0], [6.0, 2.0], [0.0, 2.0]]),
              ids=np.array([8, 9, 1, 3, 12]))
    q = [[1.0, 0.0], [3.0, 0.0]]
    return [_search(index, q, 4, 2), _search(index, q, 5, 1)]


@_expected_from_model(hidden)
def default_ids_keep_counting_across_adds(m):
    """three adds without ids (4, then 2, then 3 vectors): ids 0 .. 8"""
    rng = np.random.default_rng(5)
    cents = np.array([[0.0, 0.0, 0.0], [5.0, 5.0, 5.0]])
    index = m.IVFIndex(cents)
    for n in (4, 2, 3):
        index.add(rng.integers(-2, 8, size=(n, 3)).astype(float))
    return [index.list_ids(0), index.list_ids(1), _search(index, [[1.0, 1.0, 1.0], [5.0, 4.0, 6.0]], 3, 1)]


@_expected_from_model(hidden)
def nprobe_at_least_nlist_is_exact(m):
    """nprobe = nlist and nprobe = 100 > nlist both scan every list: same as brute force"""
    rng = np.random.default_rng(6)
    cents = rng.normal(size=(5, 4)) * 3
    data = rng.normal(size=(60, 4)) * 3
    queries = rng.normal(size=(6, 4)) * 3
    index = m.IVFIndex(cents)
    index.add(data)
    return [_search(index, queries, 7, 5), _search(index, queries, 7, 100)]


@_expected_from_model(hidden)
def empty_lists_and_empty_index(m):
    """searching an empty index gives only padding; a centroid with no vectors gives an empty list"""
    index = m.IVFIndex(np.array([[0.0, 0.0], [100.0, 100.0]]))
    out = [_search(index, [[1.0, 1.0]], 3, 2)]
    index.add(np.array([[1.0, 0.0], [2.0, 0.0]]))
    out += [np.asarray(index.list_ids(1)), _search(index, [[99.0, 99.0]], 2, 1), _search(index, [[99.0, 99.0]], 3, 2)]
    return out


@_expected_from_model(hidden)
def k_equals_one(m):
    rng = np.random.default_rng(7)
    index = m.IVFIndex(rng.normal(size=(8, 6)))
    index.add(rng.normal(size=(200, 6)))
    return _search(index, rng.normal(size=(10, 6)), 1, 2)


@_expected_from_model(hidden)
def inputs_are_not_modified_and_vectors_are_copied(m):
    """the caller overwrites its arrays after add; centroids, vectors, ids and queries stay as they were"""
    rng = np.random.default_rng(8)
    cents, data, ids = rng.normal(size=(3, 4)), rng.normal(size=(20, 4)), np.arange(100, 120)
    queries = rng.normal(size=(3, 4))
    keep = [cents.copy(), data.copy(), ids.copy(), queries.copy()]
    index = m.IVFIndex(cents)
    index.add(data, ids=ids)
    result = _search(index, queries, 5, 2)
    unchanged = [bool(np.array_equal(a, b)) for a, b in zip(keep, [cents, data, ids, queries], strict=True)]
    data[:] = 0.0
    cents[:] = 0.0
    ids[:] = 0
    return [unchanged, result, _search(index, keep[3], 5, 2)]


@_expected_from_model(hidden)
def recall_ignores_padding_and_order(m):
    """rows with -1 padding on either side, reordered ids, a row whose exact result is empty"""
    approx = np.array([[3, 1, 2, -1], [9, 8, 7, 6], [-1, -1, -1, -1], [5, -1, -1, -1], [4, 4, 0, 1]])
    exact = np.array([[1, 2, 3, 4], [6, 7, 8, 9], [-1, -1, -1, -1], [5, 6, -1, -1], [0, 1, 2, 3]])
    return [m.recall_at_k(approx, exact), m.recall_at_k(exact, exact), m.recall_at_k(approx[:1], exact[:1]),
            m.recall_at_k(approx[3:4], exact[3:4])]


@_expected_from_model(hidden)
def larger_clustered_data(m):
    """3,000 vectors of dimension 16 in 20 blobs, 24 lists, 40 queries, k = 10: nprobe 1, 3 and all, and the recalls"""
    rng = np.random.default_rng(9)
    blobs = rng.normal(size=(20, 16)) * 4
    data = blobs[rng.integers(0, 20, size=3000)] + rng.normal(size=(3000, 16))
    cents = data[rng.choice(3000, size=24, replace=False)]
    queries = blobs[rng.integers(0, 20, size=40)] + rng.normal(size=(40, 16))
    index = m.IVFIndex(cents)
    index.add(data[:1500])
    index.add(data[1500:])
    d1, i1 = index.search(queries, 10, 1)
    d3, i3 = index.search(queries, 10, 3)
    de, ie = index.search(queries, 10, 24)
    sizes = [len(index.list_ids(c)) for c in range(24)]
    return [sizes, [d1, i1], [d3, i3], [de, ie], m.recall_at_k(i1, ie), m.recall_at_k(i3, ie)]


# Independent checks of the reference itself (plain pytest only).
def test_exact_search_matches_scipy_cdist(solution):
    from scipy.spatial.distance import cdist

    rng = np.random.default_rng(10)
    data, queries = rng.normal(size=(400, 8)), rng.normal(size=(15, 8))
    ids = rng.permutation(10_000)[:400]
    index = solution.IVFIndex(rng.normal(size=(6, 8)))
    index.add(data, ids=ids)
    dist, got = index.search(queries, 12, nprobe=6)
    full = cdist(queries, data, "sqeuclidean")
    for qi in range(15):
        order = sorted(range(400), key=lambda j: (full[qi, j], ids[j]))[:12]
        assert got[qi].tolist() == [int(ids[j]) for j in order]
        np.testing.assert_allclose(dist[qi], full[qi, order], rtol=1e-12)


def test_ivf_search_matches_a_brute_force_loop(solution):
    rng = np.random.default_rng(11)
    data = rng.integers(-3, 4, size=(300, 3)).astype(float)  # many exact ties
    cents = rng.integers(-3, 4, size=(7, 3)).astype(float)
    queries = rng.integers(-3, 4, size=(20, 3)).astype(float)
    index = solution.IVFIndex(cents)
    index.add(data[:100])
    index.add(data[100:])

    def sq(a, b):
        return float(((a - b) ** 2).sum())

    home = [min(range(7), key=lambda c: (sq(v, cents[c]), c)) for v in data]
    for nprobe in (1, 2, 4):
        dist, got = index.search(queries, 9, nprobe)
        for qi, q in enumerate(queries):
            probe = sorted(range(7), key=lambda c: (sq(q, cents[c]), c))[:nprobe]
            cand = sorted((sq(q, data[j]), j) for j in range(300) if home[j] in probe)[:9]
            cand += [(np.inf, -1)] * (9 - len(cand))
            assert got[qi].tolist() == [j for _, j in cand]
            assert dist[qi].tolist() == [d for d, _ in cand]
