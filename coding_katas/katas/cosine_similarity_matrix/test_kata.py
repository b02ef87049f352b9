from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

def _unit_rows(v):
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return np.divide(v, norms, out=np.zeros_like(v, dtype=float), where=norms > 0)


# Independent model: normalise the rows first (zero rows stay zero), then one matrix product.
_MODEL = SimpleNamespace(cosine_similarity_matrix=lambda a, b: _unit_rows(a) @ _unit_rows(b).T)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


_R = np.sqrt(0.5)


@sample(expected=np.array([[1.0, 0.0], [_R, -_R], [0.0, 0.0]]))
def example_from_prompt(m):
    """a has a zero row; b has two rows of different lengths"""
    a = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    b = np.array([[2.0, 0.0], [0.0, -3.0]])
    return m.cosine_similarity_matrix(a, b)


@sample(expected=np.array([[1.0, -1.0, 0.0]]))
def length_does_not_matter(m):
    """one row of a against a scaled copy, a negated copy and an orthogonal vector"""
    a = np.array([[3.0, 4.0, 0.0]])
    b = np.array([[30.0, 40.0, 0.0], [-0.3, -0.4, 0.0], [0.0, 0.0, 5.0]])
    return m.cosine_similarity_matrix(a, b)


@sample(expected=np.zeros((2, 3)))
def zero_rows_give_zero(m):
    """every row of b is zero, one row of a too: the whole matrix is 0.0, never nan"""
    a = np.array([[0.0, 0.0], [1.0, 2.0]])
    b = np.zeros((3, 2))
    return m.cosine_similarity_matrix(a, b)


@_expected_from_model(hidden)
def zero_row_in_b_only(m):
    a = np.random.default_rng(1).normal(size=(4, 3))
    b = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [-1.0, 0.5, 0.0]])
    return m.cosine_similarity_matrix(a, b)


@_expected_from_model(hidden)
def tiny_vectors_are_exact(m):
    """norms around 1e-6: an epsilon added to the norm visibly shrinks the cosine"""
    rng = np.random.default_rng(2)
    a = rng.normal(size=(3, 4)) * 1e-6
    b = rng.normal(size=(5, 4)) * 1e-7
    return m.cosine_similarity_matrix(a, b)


@_expected_from_model(hidden)
def rectangular_shapes(m):
    """n=2, m=5, d=7: each a row needs its own norm (not a norm per column)"""
    rng = np.random.default_rng(3)
    a = rng.normal(size=(2, 7)) * np.array([[1.0], [50.0]])
    b = rng.normal(size=(5, 7)) + 2.0
    return m.cosine_similarity_matrix(a, b)


@_expected_from_model(hidden)
def same_array_twice(m):
    """a against itself, with one zero row: diagonal 1 except the zero row"""
    a = np.random.default_rng(4).normal(size=(5, 3))
    a[2] = 0.0
    return m.cosine_similarity_matrix(a, a)


@_expected_from_model(hidden)
def single_rows(m):
    return m.cosine_similarity_matrix(np.array([[1.0, -2.0, 0.5]]), np.array([[0.5, 1.0, 4.0]]))


@_expected_from_model(hidden)
def large_random_embeddings(m):
    """300 x 200 pairs of 64-dimensional embeddings with varied lengths"""
    rng = np.random.default_rng(5)
    a = rng.normal(size=(300, 64)) * rng.uniform(0.01, 100.0, size=(300, 1))
    b = rng.normal(size=(200, 64)) * rng.uniform(0.01, 100.0, size=(200, 1))
    return m.cosine_similarity_matrix(a, b)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    a = np.array([[3.0, 4.0], [0.0, 0.0]])
    b = np.array([[1.0, 1.0], [-2.0, 5.0], [0.0, 7.0]])
    m.cosine_similarity_matrix(a, b)
    return a, b


# Independent checks of the reference itself (plain pytest only).
def test_matches_sklearn(solution):
    from sklearn.metrics.pairwise import cosine_similarity

    rng = np.random.default_rng(0)
    a = rng.normal(size=(20, 6))
    b = rng.normal(size=(9, 6))
    a[3] = 0.0
    b[5] = 0.0
    np.testing.assert_allclose(solution.cosine_similarity_matrix(a, b), cosine_similarity(a, b), atol=1e-12)


def test_matches_a_loop(solution):
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(4, 3)), rng.normal(size=(6, 3))
    loop = [[float(x @ y / np.sqrt((x @ x) * (y @ y))) for y in b] for x in a]
    np.testing.assert_allclose(solution.cosine_similarity_matrix(a, b), loop, rtol=1e-12)
