def rrf_fuse(results: list[dict[str, float]], k: int = 60, weights: list[float] | None = None,
             depth: int | None = None, top_n: int | None = None) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: [(doc_id, fused score)] best first, exact ties broken by doc_id."""
    raise NotImplementedError
