# Implements "equal jitter" (half the ceiling plus a random half) instead of full jitter.
def backoff_delays(n_retries, base, cap, rng):
    delays, ceiling = [], min(cap, base)
    for _ in range(n_retries):
        delays.append(ceiling / 2 + rng.uniform(0, ceiling / 2))
        ceiling = min(cap, ceiling * 2)
    return delays
