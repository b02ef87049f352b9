# Draws from the global random module instead of the rng it was given.
import random


def backoff_delays(n_retries, base, cap, rng):
    delays, ceiling = [], min(cap, base)
    for _ in range(n_retries):
        delays.append(random.uniform(0, ceiling))
        ceiling = min(cap, ceiling * 2)
    return delays
