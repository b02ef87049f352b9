# Breaks ties with Counter.most_common, i.e. by first appearance instead of the smallest pair.
from collections import Counter


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
        best = pairs.most_common(1)[0][0]
        merges.append(best)
        new = Counter()
        for w, f in words.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(w[i] + w[i + 1])
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            new[tuple(out)] += f
        words = new
    return merges


def bpe_encode(word, merges):
    rank = {p: i for i, p in enumerate(merges)}
    s = list(word)
    while True:
        cands = [(rank[p], i) for i, p in enumerate(zip(s, s[1:])) if p in rank]
        if not cands:
            return s
        best = merges[min(cands)[0]]
        out, i = [], 0
        while i < len(s):
            if i + 1 < len(s) and (s[i], s[i + 1]) == best:
                out.append(s[i] + s[i + 1])
                i += 2
            else:
                out.append(s[i])
                i += 1
        s = out
