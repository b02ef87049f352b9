# Encodes by merging the leftmost known pair first instead of the pair with the lowest rank.
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
            for p in zip(w, w[1:]):
                pairs[p] += f
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        new = Counter()
        for w, f in words.items():
            new[_merge(w, best)] += f
        words = new
    return merges


def bpe_encode(word, merges):
    known = set(merges)
    s = tuple(word)
    while True:
        pair = next((p for p in zip(s, s[1:]) if p in known), None)
        if pair is None:
            return list(s)
        s = _merge(s, pair)
