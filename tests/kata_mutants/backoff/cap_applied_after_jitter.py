# Jitters the uncapped ceiling and caps the drawn delay, instead of capping the ceiling first.
def backoff_delays(n_retries, base, cap, rng):
    delays, ceiling = [], base
    for _ in range(n_retries):
        delays.append(min(cap, rng.uniform(0, ceiling)))
        ceiling *= 2
    return delays
