import math

import numpy as np

from coding_katas.scenarios import hidden, sample

# TF-IDF expected values are scikit-learn's TfidfVectorizer(analyzer=lambda d: d) output, pasted as
# literals; BM25 expected values come from _bm25_matrix, a vectorised computation written separately from
# the loop in the reference.


def _bm25_matrix(docs, query, k1=1.5, b=0.75):
    terms = sorted(set(query))
    f = np.array([[d.count(t) for t in terms] for d in docs], dtype=float)  # (N, T)
    n_q = (f > 0).sum(axis=0)
    idf = np.log1p((len(docs) - n_q + 0.5) / (n_q + 0.5))
    lengths = np.array([len(d) for d in docs], dtype=float)[:, None]
    denominator = f + k1 * (1 - b + b * lengths / lengths.mean())
    # f = 0 contributes 0 (with b = 1 an empty document would otherwise give 0 / 0).
    per_term = idf * np.divide(f * (k1 + 1), denominator, out=np.zeros_like(f), where=f > 0)
    multiplicity = np.array([query.count(t) for t in terms])
    return per_term @ multiplicity


SMALL = [["the", "cat", "sat"], ["the", "dog", "sat", "down"], ["a", "cat", "and", "a", "dog"]]


@sample(expected=(["a", "and", "cat", "dog", "down", "sat", "the"],
                  np.array([[0.0, 0.0, 0.5773502691896257, 0.0, 0.0, 0.5773502691896257, 0.5773502691896257],
                            [0.0, 0.0, 0.0, 0.45985352875883484, 0.604652128305311, 0.45985352875883484,
                             0.45985352875883484],
                            [0.8060324216071015, 0.40301621080355077, 0.3065042162415877, 0.3065042162415877, 0.0,
                             0.0, 0.0]])))
def tfidf_three_sentences(m):
    """tfidf of [the cat sat], [the dog sat down], [a cat and a dog]"""
    return m.tfidf(SMALL)


@sample(expected=np.array([0.0, math.log(2) * 2.5 / 2.875]))
def bm25_prompt_example(m):
    """docs [cat sat], [cat cat dog ran]; query [dog]"""
    return m.bm25_scores([["cat", "sat"], ["cat", "cat", "dog", "ran"]], ["dog"])


@sample(expected=np.array([math.log(1.2) * 2.5 / 2.125, math.log(1.2) * 5.0 / 3.875]))
def bm25_term_in_every_document(m):
    """docs [cat sat], [cat cat dog ran]; query [cat]: idf = ln 1.2, and the longer document needs two hits"""
    return m.bm25_scores([["cat", "sat"], ["cat", "cat", "dog", "ran"]], ["cat"])


@hidden(expected=(["x", "y", "z"], np.array([[0.7071067811865475, 0.7071067811865475, 0.0], [0.0, 0.0, 0.0],
                                             [0.0, 0.8444932017012523, 0.5355662725381126], [1.0, 0.0, 0.0]])))
def tfidf_with_empty_document(m):
    """tfidf of [x y], [], [y y z], [x]: the empty document is a zero row"""
    return m.tfidf([["x", "y"], [], ["y", "y", "z"], ["x"]])


@hidden(expected=(["Apple", "Banana", "apple", "banana"],
                  np.array([[0.6316672017376245, 0.6316672017376245, 0.4494364165239821, 0.0],
                            [0.0, 0.0, 0.5797386715376657, 0.8148024746671689]])))
def tfidf_case_sensitive(m):
    """tfidf of [Apple apple Banana], [banana apple]: capitalised tokens are distinct and sort first"""
    return m.tfidf([["Apple", "apple", "Banana"], ["banana", "apple"]])


@hidden(expected=(["a", "b", "c"], np.array([[0.31622776601683794, 0.9486832980505138, 0.0],
                                             [0.7071067811865476, 0.0, 0.7071067811865476],
                                             [0.0, 0.4472135954999579, 0.8944271909999159]])))
def tfidf_repeated_tokens(m):
    """tfidf of [b b b a], [a c], [c c b]: raw counts, not presence"""
    return m.tfidf([["b", "b", "b", "a"], ["a", "c"], ["c", "c", "b"]])


CORPUS = [
    "retrieval augmented generation grounds answers in retrieved passages".split(),
    "dense retrieval embeds queries and passages".split(),
    "bm25 is a sparse lexical retrieval function with term saturation and length normalisation".split(),
    [],
    "passages passages passages".split(),
    "hybrid retrieval fuses bm25 and dense retrieval rankings".split(),
]
QUERY = "hybrid bm25 retrieval passages".split()


@hidden(expected=_bm25_matrix(CORPUS, QUERY))
def bm25_six_documents(m):
    """six documents (one empty), query [hybrid bm25 retrieval passages], k1 1.5, b 0.75"""
    return m.bm25_scores(CORPUS, QUERY)


@hidden(expected=_bm25_matrix(CORPUS, ["retrieval", "retrieval", "dense", "unseen"], k1=1.2, b=0.0))
def bm25_repeated_query_token_no_length_norm(m):
    """query [retrieval retrieval dense unseen], k1 1.2, b 0: the repeat counts twice, unseen adds nothing"""
    return m.bm25_scores(CORPUS, ["retrieval", "retrieval", "dense", "unseen"], k1=1.2, b=0.0)


@hidden(expected=_bm25_matrix(CORPUS, ["passages", "saturation"], k1=2.0, b=1.0))
def bm25_full_length_normalisation(m):
    """query [passages saturation], k1 2, b 1"""
    return m.bm25_scores(CORPUS, ["passages", "saturation"], k1=2.0, b=1.0)


@hidden(expected=[[list(d) for d in SMALL], ["cat", "cat"]])
def inputs_not_modified(m):
    docs, query = [list(d) for d in SMALL], ["cat", "cat"]
    m.tfidf(docs)
    m.bm25_scores(docs, query)
    return [docs, query]


# Independent checks of the reference itself (plain pytest only).
def test_tfidf_matches_sklearn(solution):
    from sklearn.feature_extraction.text import TfidfVectorizer

    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(30)] + ["W1", "A"]
    docs = [list(rng.choice(words, size=rng.integers(1, 25))) for _ in range(40)]
    vec = TfidfVectorizer(analyzer=lambda d: d)
    expected = vec.fit_transform(docs).toarray()
    vocab, matrix = solution.tfidf(docs)
    assert vocab == list(vec.get_feature_names_out())
    np.testing.assert_allclose(matrix, expected, rtol=1e-12, atol=1e-15)


def test_bm25_matches_vectorised_form(solution):
    got = solution.bm25_scores(CORPUS, QUERY, k1=0.9, b=0.4)
    np.testing.assert_allclose(got, _bm25_matrix(CORPUS, QUERY, 0.9, 0.4), rtol=1e-12)
