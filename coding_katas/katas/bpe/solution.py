from collections import Counter


def _merge_word(symbols: tuple[str, ...], pair: tuple[str, str]) -> tuple[str, ...]:
    """Replace non-overlapping occurrences of pair, scanning left to right."""
    out = []
    i = 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


def bpe_train(corpus: str, num_merges: int) -> list[tuple[str, str]]:
    # Work on distinct words with their frequencies: identical words always split the same way.
    vocab = Counter(tuple(word) for word in corpus.split())
    merges: list[tuple[str, str]] = []
    for _ in range(num_merges):
        pair_counts: Counter = Counter()
        for symbols, freq in vocab.items():
            for pair in zip(symbols, symbols[1:]):
                pair_counts[pair] += freq
        if not pair_counts:
            break
        best = min(pair_counts, key=lambda p: (-pair_counts[p], p))
        merges.append(best)
        new_vocab: Counter = Counter()
        for symbols, freq in vocab.items():
            new_vocab[_merge_word(symbols, best)] += freq
        vocab = new_vocab
    return merges


def bpe_encode(word: str, merges: list[tuple[str, str]]) -> list[str]:
    pairs = [tuple(p) for p in merges]
    ranks: dict[tuple[str, str], int] = {}
    for rank, pair in enumerate(pairs):
        ranks.setdefault(pair, rank)
    symbols = tuple(word)
    while len(symbols) > 1:
        candidates = [ranks[p] for p in zip(symbols, symbols[1:]) if p in ranks]
        if not candidates:
            break
        symbols = _merge_word(symbols, pairs[min(candidates)])
    return list(symbols)
