import time
from typing import Callable


class CircuitBreaker:
    """closed -> open after failure_threshold consecutive failures; open -> half_open after cooldown;
    half_open lets a single trial through: success closes, failure re-opens."""

    def __init__(self, failure_threshold: int, cooldown: float, clock: Callable[[], float] = time.monotonic):
        raise NotImplementedError

    @property
    def state(self) -> str:
        """"closed", "open" or "half_open" at clock(); reading it changes nothing."""
        raise NotImplementedError

    def allow(self) -> bool:
        """May a request go out now? In half_open only the first call (the trial) gets True."""
        raise NotImplementedError

    def record_success(self) -> None:
        raise NotImplementedError

    def record_failure(self) -> None:
        raise NotImplementedError
