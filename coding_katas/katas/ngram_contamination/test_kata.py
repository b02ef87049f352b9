import random
import string

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _brute: normalisation by a character loop, and every window looked up as a
# padded substring (" tok tok tok ") of each padded training document, so nothing can match across documents.


def _norm(text):
    keep = string.ascii_lowercase + string.digits
    return "".join(c if c in keep else " " for c in text.lower()).split()


def _brute(train_docs, test_items, n=13):
    docs = [" " + " ".join(_norm(d)) + " " for d in train_docs]

    def found(tokens):
        needle = " " + " ".join(tokens) + " "
        return any(needle in d for d in docs)

    overlap = []
    for item in test_items:
        t = _norm(item)
        if not t:
            overlap.append(0.0)
        elif len(t) < n:
            overlap.append(1.0 if found(t) else 0.0)
        else:
            wins = [t[i:i + n] for i in range(len(t) - n + 1)]
            overlap.append(sum(found(w) for w in wins) / len(wins))
    flags = [o > 0 for o in overlap]
    return {"contaminated": flags, "overlap": overlap, "rate": (sum(flags) / len(flags)) if flags else 0.0,
            "clean": [i for i, f in enumerate(flags) if not f]}


TRAIN = ["The quick brown fox jumps.", "Lorem ipsum dolor"]
TESTS = ["THE QUICK BROWN dog", "fox jumps lorem", "ipsum dolor", "nothing here"]


@sample(expected={"contaminated": [True, False, True, False], "overlap": [0.5, 0.0, 1.0, 0.0], "rate": 0.5,
                  "clean": [1, 3]})
def prompt_example(m):
    """n = 3: a shared 3-gram; a window across two documents; a short item found whole; a clean item"""
    return m.contamination_report(TRAIN, TESTS, n=3)


@sample(expected=[["h", "llo", "world", "2"], ["it", "s", "a", "test", "42"], []])
def normalization(m):
    """accents and punctuation become separators; an all-punctuation string gives no tokens"""
    return [m.normalize("Héllo, World-2!"), m.normalize("IT'S\ta  TEST...42"), m.normalize("?!, --")]


@sample(expected={"contaminated": [True, False], "overlap": [2 / 3, 0.0], "rate": 0.5, "clean": [1]})
def repeated_windows_count_each_time(m):
    """n = 2: item 'a b a b' has windows ab, ba, ab; ab is in the corpus, ba is not -> 2/3; empty item is clean"""
    return m.contamination_report(["x a b y"], ["a b a b", "   "], n=2)


def _corpus(seed, n_docs, doc_len, vocab):
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocab)]
    return [" ".join(rng.choice(words) for _ in range(doc_len)) for _ in range(n_docs)], words, rng


DOCS, WORDS, RNG = _corpus(1, 20, 60, 40)


def _items(rng, docs, words, count, n):
    items = []
    for i in range(count):
        kind = i % 4
        doc = docs[rng.randrange(len(docs))].split()
        if kind == 0:  # a copied span with its case and punctuation changed
            start = rng.randrange(len(doc) - n)
            items.append(", ".join(doc[start:start + n + 3]).upper())
        elif kind == 1:  # a span that straddles the end of one document and the start of the next
            nxt = docs[(docs.index(" ".join(doc)) + 1) % len(docs)].split()
            items.append(" ".join(doc[-3:] + nxt[:3]))
        elif kind == 2:  # random text
            items.append(" ".join(rng.choice(words) for _ in range(rng.randint(n, n + 6))))
        else:  # short item
            start = rng.randrange(len(doc) - 3)
            items.append(" ".join(doc[start:start + rng.randint(1, n - 1)]) if rng.random() < 0.5 else
                         " ".join(rng.choice(words) for _ in range(2)))
    return items


ITEMS = _items(RNG, DOCS, WORDS, 40, 5)


@hidden(expected=_brute(DOCS, ITEMS, n=5))
def synthetic_benchmark_n5(m):
    """40 items over a 20-document corpus: copied spans (case and punctuation changed), spans across
    document boundaries, random text, short items; n = 5"""
    return m.contamination_report(DOCS, ITEMS, n=5)


@hidden(expected=_brute(DOCS, ITEMS, n=13))
def same_items_n13(m):
    """the same items with the usual n = 13: most items become shorter than n"""
    return m.contamination_report(DOCS, ITEMS, n=13)


@hidden(expected=_brute(["Alpha beta gamma", "delta epsilon"], ["gamma delta", "beta gamma", "epsilon"], n=3))
def short_items_across_boundaries(m):
    """short items: 'gamma delta' spans two documents (clean), 'beta gamma' and 'epsilon' are inside one"""
    return m.contamination_report(["Alpha beta gamma", "delta epsilon"], ["gamma delta", "beta gamma", "epsilon"], n=3)


@hidden(expected={"contaminated": [], "overlap": [], "rate": 0.0, "clean": []})
def no_test_items(m):
    """an empty benchmark: rate 0.0"""
    return m.contamination_report(DOCS, [], n=5)


@hidden(expected=[list(TRAIN), list(TESTS)])
def inputs_not_modified(m):
    train, tests = list(TRAIN), list(TESTS)
    m.contamination_report(train, tests, n=3)
    return [train, tests]
