from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

# Tie scenarios use small integer coordinates, so every squared distance and every ADC sum is an exact
# integer and equal distances are truly equal however an implementation orders the arithmetic.

CODEBOOKS = np.array([[[0.0, 0.0], [1.0, 1.0], [4.0, 0.0]],
                      [[0.0, 0.0], [0.0, 2.0], [3.0, 3.0]]])
X_EXAMPLE = np.array([[1.0, 0.0, 0.0, 1.0], [4.0, 1.0, 3.0, 2.0], [1.0, 1.0, 2.0, 2.0]])


def _model_encode(X, codebooks):
    m, ksub, dsub = codebooks.shape
    if X.shape[1] != m * dsub:
        raise ValueError("dimension is not m * dsub")
    sub = X.reshape(len(X), m, 1, dsub)
    return ((sub - codebooks[None]) ** 2).sum(axis=-1).argmin(axis=-1).astype(np.int64)  # argmin: first (lowest) code


def _model_decode(codes, codebooks):
    return np.array([np.concatenate([codebooks[j, c] for j, c in enumerate(row)]) for row in codes], dtype=float)


def _model_adc(query, codes, codebooks):
    """By decoding: the squared distance from the query to each decoded row (equal to the table sum)."""
    return ((_model_decode(codes, codebooks) - query) ** 2).sum(axis=1)


def _model_search(query, codes, codebooks, k):
    d = _model_adc(query, codes, codebooks)
    return np.array(sorted(range(len(d)), key=lambda i: (d[i], i))[:k], dtype=np.int64)


# Independent model for expected values: broadcast distances + argmin, decoding, distances to decoded rows.
_MODEL = SimpleNamespace(pq_encode=_model_encode, pq_decode=_model_decode, pq_adc=_model_adc, pq_search=_model_search)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _random_setup(seed, n, m, ksub, dsub, scale=1.0):
    rng = np.random.default_rng(seed)
    codebooks = rng.normal(size=(m, ksub, dsub)) * scale
    X = rng.normal(size=(n, m * dsub)) * scale
    return rng, codebooks, X


@sample(expected=[np.array([[0, 0], [2, 2], [1, 2]]),
                  np.array([[0.0, 0.0, 0.0, 0.0], [4.0, 0.0, 3.0, 3.0], [1.0, 1.0, 3.0, 3.0]]),
                  np.array([8.0, 14.0, 12.0]), np.array([0, 2])])
def example_from_prompt(m):
    """m = 2 codebooks of 3 codewords of length 2; encode, decode, ADC and top-2 for q = [2, 0, 0, 2]"""
    codes = m.pq_encode(X_EXAMPLE, CODEBOOKS)
    q = np.array([2.0, 0.0, 0.0, 2.0])
    return [codes, m.pq_decode(codes, CODEBOOKS), m.pq_adc(q, codes, CODEBOOKS), m.pq_search(q, codes, CODEBOOKS, 2)]


@sample(expected=np.array([[0, 0], [1, 1], [0, 0], [1, 2]]))
def encode_ties_go_to_the_lowest_code(m):
    """sub-vectors exactly halfway between codewords (codebook 1 lists its codewords in reverse order)"""
    codebooks = np.array([[[0.0], [2.0], [4.0]], [[4.0], [2.0], [0.0]]])
    X = np.array([[1.0, 3.0], [3.0, 1.0], [-1.0, 5.0], [3.0, 0.5]])
    return m.pq_encode(X, codebooks)


@_expected_from_model(sample)
def adc_on_random_codes(m):
    """m = 4, ksub = 8, dsub = 3: ADC distances from one query to 12 encoded random vectors"""
    rng, codebooks, X = _random_setup(1, 12, 4, 8, 3)
    codes = m.pq_encode(X, codebooks)
    return [codes, m.pq_adc(rng.normal(size=12), codes, codebooks)]


@_expected_from_model(hidden)
def search_ties_go_to_the_lower_row(m):
    """rows 4, 1 and 3 share a code; k = 5 and k = 10 > n"""
    codes = np.array([[2, 2], [1, 2], [0, 0], [1, 2], [1, 2], [2, 0]])
    q = np.array([2.0, 0.0, 0.0, 2.0])
    return [m.pq_adc(q, codes, CODEBOOKS), m.pq_search(q, codes, CODEBOOKS, 5), m.pq_search(q, codes, CODEBOOKS, 10)]


@_expected_from_model(hidden)
def equal_adc_sums_from_different_codes(m):
    """different codes with equal ADC totals: 4 + 10 = 14 = 4 + 10, and 8 = 4 + 4"""
    codes = np.array([[2, 2], [0, 2], [0, 0], [2, 0], [1, 1]])
    q = np.array([2.0, 0.0, 0.0, 2.0])
    return [m.pq_adc(q, codes, CODEBOOKS), m.pq_search(q, codes, CODEBOOKS, 5)]


@_expected_from_model(hidden)
def single_subspace_is_plain_vq(m):
    """m = 1: each whole vector gets the index of its nearest codeword"""
    rng, codebooks, X = _random_setup(2, 30, 1, 10, 5)
    codes = m.pq_encode(X, codebooks)
    q = rng.normal(size=5)
    return [codes, m.pq_decode(codes, codebooks), m.pq_adc(q, codes, codebooks), m.pq_search(q, codes, codebooks, 4)]


@_expected_from_model(hidden)
def one_dimension_per_subspace(m):
    """dsub = 1: scalar quantization of every coordinate with its own 4-level codebook"""
    rng, codebooks, X = _random_setup(3, 15, 6, 4, 1)
    codes = m.pq_encode(X, codebooks)
    q = rng.normal(size=6)
    return [codes, m.pq_decode(codes, codebooks), m.pq_adc(q, codes, codebooks)]


@_expected_from_model(hidden)
def more_than_256_codewords(m):
    """ksub = 300: codes above 255 must not wrap around"""
    rng, codebooks, X = _random_setup(4, 40, 2, 300, 2)
    codes = m.pq_encode(X, codebooks)
    q = rng.normal(size=4)
    return [codes, m.pq_decode(codes, codebooks), m.pq_adc(q, codes, codebooks)]


@_expected_from_model(hidden)
def subvectors_are_contiguous(m):
    """m = 3, dsub = 2 with codebooks that tell contiguous from interleaved slicing apart"""
    codebooks = np.array([[[0.0, 0.0], [5.0, 5.0]], [[0.0, 0.0], [5.0, -5.0]], [[0.0, 0.0], [-5.0, 5.0]]])
    X = np.array([[5.0, 5.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 5.0, -5.0, -5.0, 5.0], [5.0, 0.0, 5.0, 0.0, 5.0, 0.0]])
    codes = m.pq_encode(X, codebooks)
    q = np.array([5.0, 5.0, 5.0, -5.0, 0.0, 0.0])
    return [codes, m.pq_decode(codes, codebooks), m.pq_adc(q, codes, codebooks)]


@_expected_from_model(hidden)
def wrong_dimension_raises_value_error(m):
    """D = 5 with m = 2, dsub = 2"""
    try:
        m.pq_encode(np.zeros((3, 5)), CODEBOOKS)
    except ValueError:
        return "ValueError"
    return "no error"


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    rng, codebooks, X = _random_setup(5, 10, 2, 4, 3)
    q = rng.normal(size=6)
    keep = [X.copy(), codebooks.copy(), q.copy()]
    codes = m.pq_encode(X, codebooks)
    codes_copy = np.array(codes, copy=True)
    m.pq_decode(codes, codebooks)
    m.pq_adc(q, codes, codebooks)
    m.pq_search(q, codes, codebooks, 3)
    return [bool(np.array_equal(a, b)) for a, b in zip(keep + [codes_copy], [X, codebooks, q, codes], strict=True)]


@_expected_from_model(hidden)
def larger_random(m):
    """n = 2,000 vectors of dimension 32, m = 8 codebooks of 16 codewords; ADC and top-10 for 3 queries"""
    rng, codebooks, X = _random_setup(6, 2000, 8, 16, 4)
    codes = m.pq_encode(X, codebooks)
    queries = rng.normal(size=(3, 32))
    return [codes, [m.pq_adc(q, codes, codebooks) for q in queries], [m.pq_search(q, codes, codebooks, 10) for q in queries]]


# Independent checks of the reference itself (plain pytest only).
def test_encode_matches_cdist_per_subspace(solution):
    from scipy.spatial.distance import cdist

    rng, codebooks, X = _random_setup(7, 300, 4, 32, 5)
    codes = solution.pq_encode(X, codebooks)
    for j in range(4):
        d = cdist(X[:, 5 * j: 5 * j + 5], codebooks[j], "sqeuclidean")
        assert codes[:, j].tolist() == d.argmin(axis=1).tolist()


def test_adc_equals_distance_to_decoded_vectors(solution):
    rng, codebooks, X = _random_setup(8, 500, 6, 10, 3)
    codes = solution.pq_encode(X, codebooks)
    q = rng.normal(size=18)
    decoded = solution.pq_decode(codes, codebooks)
    np.testing.assert_allclose(solution.pq_adc(q, codes, codebooks), ((decoded - q) ** 2).sum(axis=1), rtol=1e-12)
    brute = sorted(range(500), key=lambda i: (((decoded[i] - q) ** 2).sum(), i))[:20]
    assert solution.pq_search(q, codes, codebooks, 20).tolist() == brute


def test_integer_ties_match_a_brute_force_loop(solution):
    rng = np.random.default_rng(9)
    codebooks = rng.integers(-2, 3, size=(3, 5, 2)).astype(float)
    X = rng.integers(-3, 4, size=(200, 6)).astype(float)
    codes = solution.pq_encode(X, codebooks)
    for i in range(200):
        for j in range(3):
            d = [float(((X[i, 2 * j: 2 * j + 2] - codebooks[j, c]) ** 2).sum()) for c in range(5)]
            assert codes[i, j] == d.index(min(d))
