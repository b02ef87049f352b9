import random


def backoff_delays(n_retries: int, base: float, cap: float, rng: random.Random) -> list[float]:
    """Full-jitter delays: delay i = rng.uniform(0, min(cap, base * 2**i)) for i in range(n_retries),
    drawn in order, one draw each, from rng."""
    raise NotImplementedError
