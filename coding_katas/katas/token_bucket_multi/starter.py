class MultiTenantLimiter:
    """Per-tenant token buckets plus one global bucket; integer milliseconds; every bucket starts full at t=0."""

    def __init__(self, limits: dict[str, tuple[int, int]], global_limit: tuple[int, int]):
        raise NotImplementedError

    def allow(self, tenant: str, now_ms: int, cost: int = 1) -> bool:
        raise NotImplementedError

    def retry_after(self, tenant: str, now_ms: int, cost: int = 1) -> int:
        raise NotImplementedError
