class PagedKVCache:
    """Fixed-size KV blocks with per-sequence block tables, reference-counted forks and copy-on-write."""

    def __init__(self, num_blocks: int, block_size: int):
        raise NotImplementedError

    def allocate(self, seq_id, num_tokens: int) -> None:
        raise NotImplementedError

    def append(self, seq_id, n: int = 1) -> None:
        raise NotImplementedError

    def fork(self, parent_id, child_id) -> None:
        raise NotImplementedError

    def free(self, seq_id) -> None:
        raise NotImplementedError

    def block_table(self, seq_id) -> list[int]:
        raise NotImplementedError

    def slot(self, seq_id, token_index: int) -> int:
        raise NotImplementedError

    def num_free_blocks(self) -> int:
        raise NotImplementedError
