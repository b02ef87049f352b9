import random

from coding_katas.scenarios import hidden, sample

# Small cases are worked by hand; larger ones use _edit_full_table and _lcs_full_table, full-table
# dynamic programmes written separately from the reference's two-row versions (and test_lcs_by_brute_force
# checks the LCS by enumerating subsequences).


def _edit_full_table(a, b):
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        for j in range(len(b) + 1):
            if i == 0 or j == 0:
                d[i][j] = i + j
            else:
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (0 if a[i - 1] == b[j - 1] else 1))
    return d[len(a)][len(b)]


def _lcs_full_table(a, b):
    L = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a, 1):
        for j, y in enumerate(b, 1):
            L[i][j] = L[i - 1][j - 1] + 1 if x == y else max(L[i - 1][j], L[i][j - 1])
    return L[len(a)][len(b)]


def _rouge(lcs, n_cand, n_ref, beta=1.0):
    if lcs == 0:
        return {"precision": 0.0, "recall": 0.0, "f": 0.0}
    p, r = lcs / n_cand, lcs / n_ref
    return {"precision": p, "recall": r, "f": (1 + beta ** 2) * p * r / (r + beta ** 2 * p)}


@sample(expected=[3, 1, 2, 5])
def classic_edit_distances(m):
    """kitten/sitting, [the cat]/[cat], flaw/lawn, intention/execution"""
    return [m.levenshtein("kitten", "sitting"), m.levenshtein(["the", "cat"], ["cat"]), m.levenshtein("flaw", "lawn"),
            m.levenshtein("intention", "execution")]


@sample(expected={"precision": 6 / 7, "recall": 1.0, "f": 12 / 13})
def rouge_prompt_example(m):
    """candidate 'the cat was found under the bed', reference 'the cat was under the bed'"""
    return m.rouge_l("the cat was found under the bed".split(), "the cat was under the bed".split())


@sample(expected=[{"precision": 0.0, "recall": 0.0, "f": 0.0}, {"precision": 0.0, "recall": 0.0, "f": 0.0}])
def rouge_no_overlap_and_empty(m):
    """no common token; and an empty candidate"""
    return [m.rouge_l(["a", "b"], ["c", "d", "e"]), m.rouge_l([], ["c", "d"])]


@hidden(expected=[0, 4, 4, 0, 0])
def edit_distance_edges(m):
    """identical, empty vs 'abcd', 'abcd' vs empty, both empty, identical token lists"""
    return [m.levenshtein("same", "same"), m.levenshtein("", "abcd"), m.levenshtein("abcd", ""), m.levenshtein("", ""),
            m.levenshtein(["x", "y"], ["x", "y"])]


@hidden(expected={"precision": 2 / 3, "recall": 2 / 4, "f": 2 * (2 / 3) * 0.5 / (2 / 3 + 0.5)})
def rouge_subsequence_not_substring(m):
    """candidate 'a x b', reference 'a b y z': LCS 'a b' is not contiguous in the candidate"""
    return m.rouge_l(["a", "x", "b"], ["a", "b", "y", "z"])


@hidden(expected={"precision": 1.0, "recall": 3 / 4, "f": 5 * 1.0 * 0.75 / (0.75 + 4 * 1.0)})
def rouge_repeated_tokens_beta_two(m):
    """candidate 'a a b', reference 'a b a b', beta 2: LCS 3"""
    return m.rouge_l(["a", "a", "b"], ["a", "b", "a", "b"], beta=2.0)


@hidden(expected={"precision": 2 / 5, "recall": 2 / 3, "f": 2 * 0.4 * (2 / 3) / (0.4 + 2 / 3)})
def rouge_order_matters(m):
    """candidate 'c a b d e', reference 'a b c': all three tokens shared, only 'a b' in order"""
    return m.rouge_l(["c", "a", "b", "d", "e"], ["a", "b", "c"])


_rng = random.Random(3)
LONG_A = "".join(_rng.choice("acgt") for _ in range(180))
LONG_B = "".join(_rng.choice("acgt") for _ in range(150))
TOKS_A = [_rng.choice(["the", "a", "model", "is", "good", "bad", "very", "not"]) for _ in range(120)]
TOKS_B = [_rng.choice(["the", "a", "model", "is", "good", "bad", "very", "not"]) for _ in range(90)]


@hidden(expected=[_edit_full_table(LONG_A, LONG_B), _edit_full_table(TOKS_A, TOKS_B)])
def long_sequences_edit(m):
    """random DNA strings of 180 and 150 characters; random token lists of 120 and 90"""
    return [m.levenshtein(LONG_A, LONG_B), m.levenshtein(TOKS_A, TOKS_B)]


@hidden(expected=_rouge(_lcs_full_table(TOKS_A, TOKS_B), 120, 90))
def long_sequences_rouge(m):
    """ROUGE-L of random token lists of 120 and 90"""
    return m.rouge_l(TOKS_A, TOKS_B)


@hidden(expected=[["x", "y", "z"], ["y", "z"]])
def inputs_not_modified(m):
    a, b = ["x", "y", "z"], ["y", "z"]
    m.rouge_l(a, b)
    m.levenshtein(a, b)
    return [a, b]


# Independent checks of the reference itself (plain pytest only).
def test_lcs_by_brute_force(solution):
    from itertools import combinations

    rng = random.Random(0)
    for _ in range(60):
        a = [rng.choice("abc") for _ in range(rng.randint(0, 7))]
        b = [rng.choice("abc") for _ in range(rng.randint(0, 7))]
        subs_b = {tuple(c) for k in range(len(b) + 1) for c in combinations(b, k)}
        best = max(k for k in range(len(a) + 1) if any(tuple(c) in subs_b for c in combinations(a, k)))
        assert solution._lcs_length(a, b) == best
        assert solution.levenshtein(a, b) == _edit_full_table(a, b)
