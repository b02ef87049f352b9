# Starts the exponent at 1: the first ceiling is 2 * base instead of base.
def backoff_delays(n_retries, base, cap, rng):
    delays, ceiling = [], base
    for _ in range(n_retries):
        ceiling = min(cap, ceiling * 2)
        delays.append(rng.uniform(0, ceiling))
    return delays
