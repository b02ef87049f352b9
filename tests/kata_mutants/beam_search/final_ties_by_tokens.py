# Breaks ties in the final ranking by the token sequence instead of keeping the order hypotheses finished in.
from typing import Callable

import numpy as np


def beam_search(
    step_fn: Callable[[tuple], np.ndarray],
    beam_width: int,
    max_len: int,
    eos_id: int,
    length_penalty: float = 0.0,
) -> list[tuple[list[int], float]]:
    alive: list[tuple[tuple[int, ...], float]] = [((), 0.0)]
    finished: list[tuple[tuple[int, ...], float]] = []
    steps = 0
    while alive and steps < max_len:
        steps += 1
        k = beam_width - len(finished)
        candidates = []  # (score, token, beam index)
        for j, (tokens, logp) in enumerate(alive):
            log_probs = np.asarray(step_fn(tokens), dtype=float)
            for v in np.flatnonzero(np.isfinite(log_probs)):
                candidates.append((logp + float(log_probs[v]), int(v), j))
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        new_alive = []
        for score, v, j in candidates[:k]:
            hypothesis = (alive[j][0] + (v,), score)
            (finished if v == eos_id else new_alive).append(hypothesis)
        alive = new_alive
    finished.extend(alive)  # non-empty only when max_len stopped the loop

    scored = [(list(tokens), logp / len(tokens) ** length_penalty) for tokens, logp in finished]
    scored.sort(key=lambda h: (-h[1], h[0]))
    return scored
