# Stays open until strictly more than cooldown seconds have passed.
import time


class CircuitBreaker:
    def __init__(self, failure_threshold, cooldown, clock=time.monotonic):
        self.threshold, self.cooldown, self.clock = failure_threshold, cooldown, clock
        self._state = "closed"
        self.failures = 0
        self.opened_at = 0.0
        self.trial = False

    def _tick(self):
        now = self.clock()
        if self._state == "open" and now - self.opened_at > self.cooldown:
            self._state = "half_open"
            self.trial = False
        return now

    @property
    def state(self):
        self._tick()
        return self._state

    def allow(self):
        self._tick()
        if self._state == "closed":
            return True
        if self._state == "half_open" and not self.trial:
            self.trial = True
            return True
        return False

    def record_success(self):
        self._tick()
        if self._state == "closed":
            self.failures = 0
        elif self._state == "half_open" and self.trial:
            self._state, self.failures, self.trial = "closed", 0, False

    def record_failure(self):
        now = self._tick()
        if self._state == "closed":
            self.failures += 1
            if self.failures >= self.threshold:
                self._state, self.opened_at = "open", now
        elif self._state == "half_open" and self.trial:
            self._state, self.opened_at, self.trial = "open", now, False
