# Stores the refilled tokens on every call but moves `last` only on success, so time after a rejection is counted twice.
import time


class TokenBucket:
    def __init__(self, rate, capacity, clock=time.monotonic):
        self.rate, self.capacity, self.clock = rate, capacity, clock
        self.tokens = capacity
        self.last = clock()

    def allow(self, cost=1.0):
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        if self.tokens >= cost:
            self.tokens -= cost
            self.last = now
            return True
        return False
