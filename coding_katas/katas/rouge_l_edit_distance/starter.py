def levenshtein(a, b) -> int:
    """Minimum number of unit-cost insertions, deletions and substitutions turning sequence a into b."""
    raise NotImplementedError


def rouge_l(candidate: list[str], reference: list[str], beta: float = 1.0) -> dict:
    """{"precision", "recall", "f"} from the longest common subsequence of the two token lists."""
    raise NotImplementedError
