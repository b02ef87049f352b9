def normalize(text: str) -> list[str]:
    """Lowercase, non [a-z0-9] characters become spaces, split on whitespace."""
    raise NotImplementedError


def contamination_report(train_docs: list[str], test_items: list[str], n: int = 13) -> dict:
    """Per-item n-gram overlap with the training documents: {"contaminated", "overlap", "rate", "clean"}."""
    raise NotImplementedError
