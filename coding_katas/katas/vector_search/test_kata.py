from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

# Tie scenarios use vectors whose norms are powers of two (or zero), so every similarity is exact
# in floating point whatever order the arithmetic runs in, and equal similarities are truly equal.


def _sorted_cosines(query, index, k):
    """Independent model: each row's cosine by its own dot and norms (0.0 for a zero vector), then a Python
    sort on (-cosine, index)."""
    qn = float(np.linalg.norm(query))
    cos = []
    for i, row in enumerate(index):
        n = qn * float(np.linalg.norm(row))
        cos.append((-(float(query @ row) / n) if n > 0 else -0.0, i))
    return np.array([i for _, i in sorted(cos)[:k]], dtype=np.int64)


_MODEL = SimpleNamespace(top_k_cosine=_sorted_cosines)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


@sample(expected=np.array([2, 1, 0, 3]))
def example_from_prompt(m):
    """query [3, 4] against five 2-D rows, one of them zero, k = 4"""
    index = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 4.0], [0.0, 0.0], [-1.0, 0.0]])
    return m.top_k_cosine(np.array([3.0, 4.0]), index, 4)


@sample(expected=np.array([1, 3, 5, 0, 2]))
def ties_go_to_the_lower_index(m):
    """rows 1, 3, 5 all have cosine 1.0 and rows 0, 2 cosine 0.5 with the query [1, 1, 1, 1]; k = 5"""
    index = np.array([[0.0, 4.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0], [1.0, 0.0, 0.0, 0.0],
                      [2.0, 2.0, 2.0, 2.0], [0.0, 0.0, -1.0, 0.0], [1.0, 1.0, 1.0, 1.0]])
    return m.top_k_cosine(np.array([1.0, 1.0, 1.0, 1.0]), index, 5)


@sample(expected=np.array([1, 2, 0]))
def k_larger_than_n(m):
    """k = 10 with only 3 rows returns all 3, most similar first"""
    index = np.array([[-1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    return m.top_k_cosine(np.array([0.5, 1.0]), index, 10)


@hidden(expected=np.array([4, 1, 2, 3, 0]))
def zero_row_beats_negative_similarities(m):
    """a zero row scores 0.0: it ties with an orthogonal row (lower index first) and beats negative rows"""
    index = np.array([[-1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0],
                      [-1.0, -1.0, -1.0, -1.0], [1.0, 1.0, 1.0, 1.0]])
    return m.top_k_cosine(np.array([1.0, 0.0, 0.0, 0.0]), index, 5)


@hidden(expected=np.array([0, 1, 2]))
def zero_query(m):
    """a zero query scores 0.0 with every row: the first k indices"""
    index = np.random.default_rng(1).normal(size=(6, 4))
    return m.top_k_cosine(np.zeros(4), index, 3)


@hidden(expected=np.array([1, 2, 0, 3, 4]))
def magnitude_does_not_matter(m):
    """rows that are positive multiples of each other tie, however long they are"""
    index = np.array([[0.0, 0.0, 0.0, 8.0], [4.0, 4.0, 4.0, 4.0], [0.25, 0.25, 0.25, 0.25],
                      [0.0, 1.0, 0.0, 0.0], [-2.0, -2.0, -2.0, -2.0]])
    return m.top_k_cosine(np.array([3.0, 3.0, 3.0, 3.0]), index, 5)


@_expected_from_model(hidden)
def k_equals_n(m):
    rng = np.random.default_rng(2)
    return m.top_k_cosine(rng.normal(size=8), rng.normal(size=(7, 8)), 7)


@_expected_from_model(hidden)
def k_one(m):
    rng = np.random.default_rng(3)
    return m.top_k_cosine(rng.normal(size=5), rng.normal(size=(20, 5)), 1)


@_expected_from_model(hidden)
def many_duplicates(m):
    """40 rows drawn from 5 dyadic vectors (scaled by 1, 2 or 4): long runs of equal similarities; k = 25"""
    rng = np.random.default_rng(4)
    base = np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 1.0, 0.0, 0.0], [1.0, -1.0, 1.0, -1.0],
                     [-1.0, 0.0, 0.0, 0.0], [2.0, 0.0, 0.0, 0.0]])
    index = base[rng.integers(0, 5, size=40)] * rng.choice([1.0, 2.0, 4.0], size=(40, 1))
    return m.top_k_cosine(np.array([1.0, 0.0, 0.0, 0.0]), index, 25)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    rng = np.random.default_rng(5)
    query, index = rng.normal(size=6), rng.normal(size=(10, 6))
    index[3] = 0.0
    m.top_k_cosine(query, index, 4)
    return [query, index]


@_expected_from_model(hidden)
def larger_random(m):
    """n = 5,000 embeddings of dimension 64, k = 10; the query is a noisy copy of row 1234"""
    rng = np.random.default_rng(6)
    index = rng.normal(size=(5000, 64)) * rng.uniform(0.1, 10.0, size=(5000, 1))
    query = index[1234] + rng.normal(scale=0.5, size=64)
    return m.top_k_cosine(query, index, 10)


# Independent checks of the reference itself (plain pytest only).
def test_matches_sklearn_cosine_similarity(solution):
    from sklearn.metrics.pairwise import cosine_similarity

    rng = np.random.default_rng(7)
    index, query = rng.normal(size=(300, 16)), rng.normal(size=16)
    index[[5, 77]] = 0.0  # sklearn also gives 0.0 for zero rows
    sims = cosine_similarity(query[None, :], index)[0]
    expected = sorted(range(300), key=lambda i: (-sims[i], i))[:20]
    assert solution.top_k_cosine(query, index, 20).tolist() == expected


def test_brute_force_with_ties(solution):
    rng = np.random.default_rng(8)
    index = rng.integers(-1, 2, size=(200, 4)).astype(float)  # many duplicates and zero rows
    query = np.array([1.0, 0.0, -1.0, 1.0])
    def cos(v):
        n = np.linalg.norm(v) * np.linalg.norm(query)
        return 0.0 if n == 0 else float(v @ query) / n
    expected = sorted(range(200), key=lambda i: (-round(cos(index[i]), 12), i))[:50]
    assert solution.top_k_cosine(query, index, 50).tolist() == expected
