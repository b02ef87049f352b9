# Computes the longest common contiguous substring instead of the subsequence.
def levenshtein(a, b) -> int:
    # Two rows of the DP table: prev[j] is the distance from a[:i-1] to b[:j].
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
        prev = cur
    return prev[-1]


def _lcs_length(a, b) -> int:
    prev = [0] * (len(b) + 1)
    best = 0
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            cur[j] = prev[j - 1] + 1 if a[i - 1] == b[j - 1] else 0
        best = max(best, max(cur))
        prev = cur
    return best


def rouge_l(candidate, reference, beta=1.0):
    lcs = _lcs_length(candidate, reference)
    if lcs == 0:
        return {"precision": 0.0, "recall": 0.0, "f": 0.0}
    p, r = lcs / len(candidate), lcs / len(reference)
    return {"precision": p, "recall": r, "f": (1 + beta ** 2) * p * r / (r + beta ** 2 * p)}
