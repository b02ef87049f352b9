import random
from types import SimpleNamespace

from coding_katas.scenarios import hidden, sample

def _merge_word(symbols, pair):
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return out


def _counter_train(corpus, num_merges):
    """Independent model: words counted once with Counter, pair counts weighted by them, min over (-count, pair)."""
    from collections import Counter

    words = {tuple(w): n for w, n in Counter(corpus.split()).items()}
    merges = []
    for _ in range(num_merges):
        pairs = Counter()
        for w, n in words.items():
            for pair in zip(w, w[1:], strict=False):
                pairs[pair] += n
        if not pairs:
            break
        best = min(pairs, key=lambda pair: (-pairs[pair], pair))
        merges.append(best)
        merged = Counter()
        for w, n in words.items():
            merged[tuple(_merge_word(list(w), best))] += n
        words = dict(merged)
    return merges


def _rank_encode(word, merges):
    rank = {pair: r for r, pair in reversed(list(enumerate(merges)))}
    symbols = list(word)
    while True:
        present = [pair for pair in zip(symbols, symbols[1:], strict=False) if pair in rank]
        if not present:
            return symbols
        symbols = _merge_word(symbols, min(present, key=rank.__getitem__))


_MODEL = SimpleNamespace(bpe_train=_counter_train, bpe_encode=_rank_encode)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


_TEXT = (
    "the quick brown fox jumps over the lazy dog while the other foxes watch the lazy dogs "
    "sleeping in the warm afternoon sun and the dogs dream of chasing the quick foxes over the hills "
    "there they go the foxes and the dogs running together through the tall grass near the river"
)


@sample(expected=[("u", "g"), ("h", "ug"), ("u", "n")])
def prompt_example_train(m):
    """bpe_train("hug hug pug pun bun", 3): the second merge is a tie"""
    return m.bpe_train("hug hug pug pun bun", 3)


@sample(expected=[["hug", "s"], ["b", "un"], ["b", "ug", "s"]])
def prompt_example_encode(m):
    """encode "hugs", "bun", "bugs" with [("u", "g"), ("h", "ug"), ("u", "n")]"""
    merges = [("u", "g"), ("h", "ug"), ("u", "n")]
    return [m.bpe_encode(w, merges) for w in ("hugs", "bun", "bugs")]


@sample(expected={"merges": [("a", "a"), ("aa", "a")], "aaaaa": ["aa", "aaa"]})
def overlapping_pairs_aaa(m):
    """bpe_train("aaa", 5) (two overlapping ("a", "a") pairs), then encode "aaaaa" with the result"""
    merges = m.bpe_train("aaa", 5)
    return {"merges": merges, "aaaaa": m.bpe_encode("aaaaa", merges)}


@hidden(expected=[("x", "a"), ("x", "b")])
def tie_goes_to_smallest_pair(m):
    """ "xb xa": both pairs occur once, ("x", "a") comes first"""
    return m.bpe_train("xb xa", 5)


@hidden(expected=[("a", "z"), ("b", "a"), ("c", "c")])
def three_way_tie(m):
    """ "cc ba az": three pairs of count 1, learned in tuple order"""
    return m.bpe_train("cc ba az", 10)


@hidden(expected=[("z", "z"), ("a", "b"), ("zz", "z")])
def aaa_counts_twice(m):
    """ "zzz ab": ("z", "z") occurs twice inside one word and beats ("a", "b")"""
    return m.bpe_train("zzz ab", 5)


@hidden(expected=[("x", "y"), ("a", "b")])
def counts_weighted_by_word_frequency(m):
    """ "xy xy xy ab ac": ("x", "y") has count 3"""
    return m.bpe_train("xy xy xy ab ac", 2)


@hidden(expected=[("a", "a"), ("aa", "aa"), ("aaaa", "a")])
def runs_of_one_letter(m):
    """ "aaaa aaaaa", 10 merges: left-to-right merging, then early stop"""
    return m.bpe_train("aaaa aaaaa", 10)


@hidden(expected=[[("a", "b")], [], [], []])
def early_stop_and_empty_inputs(m):
    """only one pair exists; a corpus of single letters; an empty corpus; num_merges = 0"""
    return [m.bpe_train("a b c ab", 10), m.bpe_train("x y z x", 3), m.bpe_train("", 4), m.bpe_train("abc abc", 0)]


@hidden(expected=[["a", "bc"], ["x", "yz", "w"]])
def encode_by_rank_not_position(m):
    """a lower-ranked pair later in the word is merged before an earlier, higher-ranked one"""
    return [m.bpe_encode("abc", [("b", "c"), ("a", "b")]),
            m.bpe_encode("xyzw", [("y", "z"), ("x", "y"), ("z", "w")])]


@hidden(expected=[["ab", "ab", "c"], ["q", "u", "!"], [], ["k"]])
def encode_merges_every_occurrence(m):
    """all occurrences of a pair merge at once; unknown characters stay single; empty and 1-char words"""
    merges = [("a", "b"), ("b", "c")]
    return [m.bpe_encode("ababc", merges), m.bpe_encode("qu!", merges), m.bpe_encode("", merges),
            m.bpe_encode("k", merges)]


@_expected_from_model(hidden)
def encode_does_not_modify_merges(m):
    """call bpe_encode, then return the merges list it was given"""
    merges = [("l", "o"), ("lo", "w"), ("e", "r")]
    m.bpe_encode("lower", merges)
    return merges


@_expected_from_model(hidden)
def train_and_encode_a_paragraph(m):
    """40 merges learned from a short English paragraph, then 6 words encoded (some unseen)"""
    merges = m.bpe_train(_TEXT, 40)
    words = ["the", "foxes", "lazy", "together", "thereof", "quickly"]
    return {"merges": merges, "tokens": [m.bpe_encode(w, merges) for w in words]}


@_expected_from_model(hidden)
def larger_random_corpus(m):
    """1,500 random words over a 5-letter alphabet, 60 merges, and 20 words encoded"""
    rng = random.Random(7)
    vocab = ["".join(rng.choice("abcde") for _ in range(rng.randint(1, 8))) for _ in range(300)]
    corpus = " ".join(rng.choice(vocab) for _ in range(1500))
    merges = m.bpe_train(corpus, 60)
    return {"merges": merges, "tokens": [m.bpe_encode(w, merges) for w in vocab[:20]]}


# Independent checks of the reference itself (plain pytest only).
def _brute_force_train(corpus, num_merges):
    """A deliberately different implementation: one symbol list per word occurrence, merged in place."""
    words = [list(w) for w in corpus.split()]
    merges = []
    for _ in range(num_merges):
        counts = {}
        for w in words:
            for i in range(len(w) - 1):
                counts[(w[i], w[i + 1])] = counts.get((w[i], w[i + 1]), 0) + 1
        if not counts:
            break
        top = max(counts.values())
        best = sorted(p for p, c in counts.items() if c == top)[0]
        merges.append(best)
        for w in words:
            i = 0
            while i < len(w) - 1:
                if (w[i], w[i + 1]) == best:
                    w[i:i + 2] = [w[i] + w[i + 1]]
                i += 1
    return merges


def test_train_matches_brute_force(solution):
    rng = random.Random(11)
    for _ in range(30):
        words = ["".join(rng.choice("abc") for _ in range(rng.randint(1, 7))) for _ in range(rng.randint(0, 25))]
        corpus = " ".join(words)
        assert solution.bpe_train(corpus, 15) == _brute_force_train(corpus, 15)


def test_encoding_training_words_reproduces_training_segmentation(solution):
    # Encoding a training word with the full merge list gives the same split as training produced.
    rng = random.Random(12)
    vocab = ["".join(rng.choice("abcd") for _ in range(rng.randint(1, 9))) for _ in range(60)]
    corpus = " ".join(rng.choice(vocab) for _ in range(400))
    merges = solution.bpe_train(corpus, 25)
    for word in set(corpus.split()):
        symbols = list(word)
        for pair in merges:
            i, out = 0, []
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
                    out.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            symbols = out
        assert solution.bpe_encode(word, merges) == symbols
        assert "".join(symbols) == word
