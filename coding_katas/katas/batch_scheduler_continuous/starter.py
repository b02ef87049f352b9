def simulate_continuous_batching(requests: list[tuple[str, int, int, int]], max_num_seqs: int,
                                 max_tokens_per_step: int) -> dict:
    """Step-by-step continuous batching with chunked prefill. Returns {"steps", "ttft", "finish_step"}."""
    raise NotImplementedError
