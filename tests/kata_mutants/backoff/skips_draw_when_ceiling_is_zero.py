# Shortcut for a zero ceiling returns 0.0 without drawing, desynchronising the rng.
def backoff_delays(n_retries, base, cap, rng):
    delays, ceiling = [], min(cap, base)
    for _ in range(n_retries):
        delays.append(rng.uniform(0, ceiling) if ceiling > 0 else 0.0)
        ceiling = min(cap, ceiling * 2)
    return delays
