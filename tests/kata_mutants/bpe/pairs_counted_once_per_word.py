# Counts each distinct pair once per word (a set), so "aaa" holds one ("a", "a") instead of two.
from collections import Counter


def _merge(w, pair):
    out, i = [], 0
    while i < len(w):
        if i + 1 < len(w) and (w[i], w[i + 1]) == pair:
            out.append(w[i] + w[i + 1])
            i += 2
        else:
            out.append(w[i])
            i += 1
    return tuple(out)


def bpe_train(corpus, num_merges):
    words = Counter(tuple(w) for w in corpus.split())
    merges = []
    for _ in range(num_merges):
        pairs = Counter()
        for w, f in words.items():
            for p in set(zip(w, w[1:])):
                pairs[p] += f
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        words = Counter({_merge(w, best): f for w, f in words.items()})
    return merges


def bpe_encode(word, merges):
    rank = {p: i for i, p in enumerate(merges)}
    s = tuple(word)
    while len(s) > 1:
        found = [rank[p] for p in zip(s, s[1:]) if p in rank]
        if not found:
            break
        s = _merge(s, merges[min(found)])
    return list(s)
