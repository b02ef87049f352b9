# Treats items shorter than n tokens as clean without looking for them.
import re


def normalize(text):
    return re.sub(r"[^a-z0-9]", " ", text.lower()).split()


def _grams(tokens, n):
    return [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


def _occurs_in(short, docs):
    k = len(short)
    return any(tuple(doc[i:i + k]) == short for doc in docs for i in range(len(doc) - k + 1))


def contamination_report(train_docs, test_items, n=13):
    docs = [normalize(d) for d in train_docs]
    train = {g for doc in docs for g in _grams(doc, n)}  # per document: no window spans two documents
    overlap = []
    for item in test_items:
        tokens = normalize(item)
        if len(tokens) >= n:
            windows = _grams(tokens, n)
            overlap.append(sum(w in train for w in windows) / len(windows))
        else:
            overlap.append(0.0)
    flags = [o > 0 for o in overlap]
    return {"contaminated": flags, "overlap": overlap, "rate": sum(flags) / len(flags) if flags else 0.0,
            "clean": [i for i, f in enumerate(flags) if not f]}
