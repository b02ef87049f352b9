def token_mask(schema: dict, vocab: list[str], prefix: str, eos_id: int) -> list[bool]:
    """mask[i]: prefix + vocab[i] can still become a valid document; mask[eos_id]: prefix is complete."""
    raise NotImplementedError
