# Normalises TF-IDF rows by their L1 norm instead of L2.
import math
from collections import Counter

import numpy as np


def tfidf(docs):
    vocab = sorted({t for doc in docs for t in doc})
    col = {t: j for j, t in enumerate(vocab)}
    n = len(docs)
    counts = np.zeros((n, len(vocab)))
    for i, doc in enumerate(docs):
        for t, c in Counter(doc).items():
            counts[i, col[t]] = c
    df = (counts > 0).sum(axis=0)
    idf = np.log((1 + n) / (1 + df)) + 1.0  # smooth_idf: as if one extra document held every term once
    weights = counts * idf
    norms = np.abs(weights).sum(axis=1, keepdims=True)
    return vocab, np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)


def bm25_scores(docs, query, k1=1.5, b=0.75):
    n = len(docs)
    lengths = np.array([len(d) for d in docs], dtype=float)
    avgdl = lengths.mean()
    tfs = [Counter(d) for d in docs]
    df = Counter(t for tf in tfs for t in tf)
    scores = np.zeros(n)
    for term in query:  # repeated query terms count again
        if df[term] == 0:
            continue
        idf = math.log(1.0 + (n - df[term] + 0.5) / (df[term] + 0.5))
        for i, tf in enumerate(tfs):
            f = tf[term]
            if f:
                # Length normalisation: long documents need more occurrences for the same score.
                scores[i] += idf * f * (k1 + 1) / (f + k1 * (1 - b + b * lengths[i] / avgdl))
    return scores
