# Rounds the retry wait down, so the client retries one millisecond too early.
class _Bucket:
    """Milli-tokens as ints: `rate` tokens/s is exactly `rate` milli-tokens per ms."""

    def __init__(self, rate, burst):
        self.rate, self.cap = rate, burst * 1000
        self.milli, self.last = self.cap, 0

    def refill(self, now):
        self.milli = min(self.cap, self.milli + self.rate * (now - self.last))
        self.last = now

    def wait(self, cost):
        missing = cost * 1000 - self.milli
        return 0 if missing <= 0 else missing // self.rate


class MultiTenantLimiter:
    def __init__(self, limits, global_limit):
        self._tenants = {name: _Bucket(*cfg) for name, cfg in limits.items()}
        self._global = _Bucket(*global_limit)
        self._now = 0

    def _pair(self, tenant, now_ms):
        bucket = self._tenants[tenant]  # KeyError for an unknown tenant
        if now_ms < self._now:
            raise ValueError("time went backwards")
        self._now = now_ms
        for b in (bucket, self._global):
            b.refill(now_ms)
        return bucket, self._global

    def allow(self, tenant, now_ms, cost=1):
        pair = self._pair(tenant, now_ms)
        if any(b.milli < cost * 1000 for b in pair):
            return False  # all or nothing: a refusal takes from neither bucket
        for b in pair:
            b.milli -= cost * 1000
        return True

    def retry_after(self, tenant, now_ms, cost=1):
        pair = self._pair(tenant, now_ms)
        if any(cost * 1000 > b.cap for b in pair):
            return -1
        return max(b.wait(cost) for b in pair)
