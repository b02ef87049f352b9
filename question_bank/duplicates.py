"""Near-duplicate prompts: pairs whose TF-IDF cosine similarity is above a threshold."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from question_bank.models import Question

# Calibrated on the shipped bank: distinct questions on one subject stay below about 0.5; a
# reworded copy of the same question scores above 0.7.
NEAR_DUPLICATE_THRESHOLD = 0.7


def near_duplicate_prompts(
    questions: Sequence[Question], threshold: float = NEAR_DUPLICATE_THRESHOLD
) -> list[tuple[str, str, float]]:
    if len(questions) < 2:
        return []
    vec = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True)
    m = vec.fit_transform([q.prompt for q in questions])
    sim = (m @ m.T).toarray()
    np.fill_diagonal(sim, 0.0)
    i, j = np.where(np.triu(sim) > threshold)
    # np.where returns one row and one column index per hit: always the same length.
    pairs = ((questions[a].id, questions[b].id, float(sim[a, b])) for a, b in zip(i, j, strict=True))
    return sorted(pairs, key=lambda t: -t[2])
