# Merges with str.replace on space-joined symbols, which also fuses pieces across symbol boundaries.
from collections import Counter


def bpe_train(corpus, num_merges):
    words = Counter(" ".join(w) for w in corpus.split())
    merges = []
    for _ in range(num_merges):
        pairs = Counter()
        for w, f in words.items():
            s = w.split()
            for p in zip(s, s[1:]):
                pairs[p] += f
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        new = Counter()
        for w, f in words.items():
            new[w.replace(" ".join(best), "".join(best))] += f
        words = new
    return merges


def bpe_encode(word, merges):
    rank = {p: i for i, p in enumerate(merges)}
    s = " ".join(word)
    while True:
        syms = s.split()
        found = [rank[p] for p in zip(syms, syms[1:]) if p in rank]
        if not found:
            return syms
        best = merges[min(found)]
        s = s.replace(" ".join(best), "".join(best))
