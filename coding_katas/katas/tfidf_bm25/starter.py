import numpy as np


def tfidf(docs: list[list[str]]) -> tuple[list[str], np.ndarray]:
    """(sorted vocabulary, (n_docs, V) matrix) exactly as scikit-learn's TfidfVectorizer defaults on these tokens."""
    raise NotImplementedError


def bm25_scores(docs: list[list[str]], query: list[str], k1: float = 1.5, b: float = 0.75) -> np.ndarray:
    """Okapi BM25 score of every document for the query tokens, Lucene idf ln(1 + (N - n + 0.5) / (n + 0.5))."""
    raise NotImplementedError
