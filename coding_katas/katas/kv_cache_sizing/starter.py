def kv_cache_bytes(config: dict, seq_len: int, block_size: int = 1) -> int:
    """Bytes one sequence of seq_len tokens occupies in the KV cache (GQA or MLA, sliding layers, paged blocks)."""
    raise NotImplementedError


def max_concurrent_sequences(config: dict, seq_len: int, gpu_bytes: int, weight_bytes: int, block_size: int = 16,
                             utilization_pct: int = 90, reserve_bytes: int = 0) -> int:
    """How many seq_len-token sequences fit in the KV budget left after weights and the reserve."""
    raise NotImplementedError
