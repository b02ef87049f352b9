import random


def backoff_delays(n_retries: int, base: float, cap: float, rng: random.Random) -> list[float]:
    delays = []
    ceiling = min(cap, base)
    for _ in range(n_retries):
        delays.append(rng.uniform(0, ceiling))
        # Doubling then capping equals min(cap, base * 2**i) and never overflows.
        ceiling = min(cap, ceiling * 2)
    return delays
