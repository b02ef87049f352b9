from typing import Callable

import numpy as np


def beam_search(
    step_fn: Callable[[tuple], np.ndarray],
    beam_width: int,
    max_len: int,
    eos_id: int,
    length_penalty: float = 0.0,
) -> list[tuple[list[int], float]]:
    """Beam search over step_fn(prefix tuple) -> log-probs of shape (V,).

    Keeps beam_width - len(finished) candidates per step ranked by (score desc, token asc, beam asc);
    EOS hypotheses are finished, alive ones are added at max_len. Returns (tokens, logp / len**alpha)
    tuples sorted by that score (stable).
    """
    raise NotImplementedError
