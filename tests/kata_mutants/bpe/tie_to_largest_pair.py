# Uses max over (count, pair), so ties go to the lexicographically largest pair.
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
        best = max(pairs, key=lambda p: (pairs[p], p))
        merges.append(best)
        new = Counter()
        for w, f in words.items():
            new[_merge(w, best)] += f
        words = new
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
