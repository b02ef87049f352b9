def chunk_text(text: str, max_tokens: int, overlap: int = 0, snap_to_sentences: bool = False) -> list[dict]:
    """Token-window chunks with overlap and optional sentence snapping, each with exact character offsets."""
    raise NotImplementedError
