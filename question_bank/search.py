"""Filtering and full-text search over the question bank.

Search ranks by TF-IDF cosine similarity over the prompt, key points, tags and answer. Fields are
weighted by repetition (prompt and tags count more than the answer body) so that a query matching
a question's subject outranks one that merely mentions the term in passing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from question_bank.models import Question

# How many times each field is repeated in a question's document.
FIELD_WEIGHTS = {"prompt": 3, "tags": 2, "key_points": 2, "topic": 1, "answer": 1}


def _document(q: Question) -> str:
    parts = {
        "prompt": q.prompt,
        "tags": " ".join(t.replace("-", " ") for t in q.tags),
        "key_points": " ".join(q.key_points),
        "topic": q.topic.replace("-", " "),
        "answer": q.answer,
    }
    return "\n".join(" ".join([text] * FIELD_WEIGHTS[name]) for name, text in parts.items())


@dataclass(frozen=True)
class Filters:
    """Empty tuples mean "any"."""

    areas: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    company_styles: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not any((self.areas, self.topics, self.difficulties, self.types, self.roles, self.company_styles))

    def accepts(self, q: Question) -> bool:
        return (
            (not self.areas or q.area in self.areas)
            and (not self.topics or q.topic in self.topics)
            and (not self.difficulties or q.difficulty in self.difficulties)
            and (not self.types or q.type in self.types)
            and (not self.roles or any(r in self.roles for r in q.roles))
            and (not self.company_styles or any(c in self.company_styles for c in q.company_style))
        )


class SearchIndex:
    """Built once per bank (the app caches it); queries cost one sparse mat-vec."""

    def __init__(self, questions: Sequence[Question]):
        self.questions = tuple(questions)
        self._position = {q.id: i for i, q in enumerate(self.questions)}
        self._vectorizer = TfidfVectorizer(
            sublinear_tf=True, ngram_range=(1, 2), min_df=1, stop_words="english", token_pattern=r"(?u)\b\w[\w+#.-]*\b"
        )
        docs = [_document(q) for q in self.questions] or [""]
        try:
            self._matrix = self._vectorizer.fit_transform(docs)
        except ValueError:  # empty vocabulary (no questions, or only stop words)
            self._matrix = None

    def search(
        self, query: str, filters: Filters = Filters(), limit: int | None = None
    ) -> list[tuple[Question, float]]:
        """Questions passing the filters; ranked by relevance when there is a query, else in bank order."""
        n = len(self.questions)
        allowed = np.ones(n, dtype=bool) if filters.is_empty() else np.fromiter(
            (filters.accepts(q) for q in self.questions), dtype=bool, count=n)
        query = query.strip()
        if not query:
            hits = [(self.questions[i], 0.0) for i in np.flatnonzero(allowed)]
            return hits[:limit] if limit else hits
        if self._matrix is None or not allowed.any():
            return []
        q_vec = self._vectorizer.transform([query])
        # Rows are L2-normalised by the vectorizer, so the dot product is the cosine similarity.
        scores = (self._matrix @ q_vec.T).toarray().ravel()
        candidates = np.flatnonzero((scores > 0) & allowed)
        order = candidates[np.argsort(-scores[candidates], kind="stable")]
        if limit:
            order = order[:limit]
        return [(self.questions[i], float(scores[i])) for i in order]

