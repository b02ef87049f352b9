def bpe_train(corpus: str, num_merges: int) -> list[tuple[str, str]]:
    """Learn up to num_merges BPE merges from corpus.split() (no end-of-word marker).

    Pairs are counted at every adjacent position, weighted by word frequency; the most frequent
    pair is merged (ties: the smallest (left, right) tuple); stops early when no pair is left.
    """
    raise NotImplementedError


def bpe_encode(word: str, merges: list[tuple[str, str]]) -> list[str]:
    """Split word into tokens: repeatedly merge the adjacent pair with the lowest merge rank."""
    raise NotImplementedError
