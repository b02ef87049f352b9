# Adds the beam's log-prob into the array step_fn returned (in place), corrupting the model's cached outputs.
import numpy as np


def beam_search(step_fn, beam_width, max_len, eos_id, length_penalty=0.0):
    alive = [((), 0.0)]
    finished = []
    for _ in range(max_len):
        if not alive:
            break
        k = beam_width - len(finished)
        rows = []
        for tokens, logp in alive:
            scores = np.asarray(step_fn(tokens))
            scores += logp
            rows.append(scores)
        scores = np.stack(rows)                      # (beams, V)
        beam_idx, token_idx = np.nonzero(np.isfinite(scores))
        flat = scores[beam_idx, token_idx]
        order = np.lexsort((beam_idx, token_idx, -flat))[:k]
        new_alive = []
        for i in order:
            j, v = int(beam_idx[i]), int(token_idx[i])
            hyp = (alive[j][0] + (v,), float(flat[i]))
            (finished if v == eos_id else new_alive).append(hyp)
        alive = new_alive
    finished += alive
    out = [(list(t), s / len(t) ** length_penalty) for t, s in finished]
    out.sort(key=lambda h: -h[1])
    return out
