import time
from typing import Callable

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


class CircuitBreaker:
    def __init__(self, failure_threshold: int, cooldown: float, clock: Callable[[], float] = time.monotonic):
        if failure_threshold < 1 or cooldown < 0:
            raise ValueError("failure_threshold must be >= 1 and cooldown >= 0")
        self.failure_threshold = failure_threshold
        self.cooldown = cooldown
        self._clock = clock
        self._state = CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trial_in_flight = False

    def _current(self) -> tuple[str, float]:
        """The state at clock() (open turns half-open by time alone), and now."""
        now = self._clock()
        if self._state == OPEN and now - self._opened_at >= self.cooldown:
            self._state, self._trial_in_flight = HALF_OPEN, False
        return self._state, now

    def _open(self, now: float) -> None:
        self._state, self._opened_at, self._trial_in_flight = OPEN, now, False

    @property
    def state(self) -> str:
        return self._current()[0]

    def allow(self) -> bool:
        state, _ = self._current()
        if state == CLOSED:
            return True
        if state == HALF_OPEN and not self._trial_in_flight:
            self._trial_in_flight = True
            return True
        return False

    def record_success(self) -> None:
        state, _ = self._current()
        if state == CLOSED:
            self._failures = 0
        elif state == HALF_OPEN and self._trial_in_flight:
            self._state, self._failures, self._trial_in_flight = CLOSED, 0, False

    def record_failure(self) -> None:
        state, now = self._current()
        if state == CLOSED:
            self._failures += 1
            if self._failures >= self.failure_threshold:
                self._open(now)
        elif state == HALF_OPEN and self._trial_in_flight:
            self._open(now)
