# Always drafts gamma tokens and truncates the output at max_new_tokens.
import numpy as np


def _sample(dist, u):
    """Inverse CDF: the smallest j with u < cumsum(dist)[j]; the last positive entry if rounding leaves none."""
    c = np.cumsum(dist)
    j = int(np.searchsorted(c, u, side="right"))
    return j if j < len(dist) else int(np.flatnonzero(dist > 0)[-1])


def speculative_generate(prompt, draft_model, target_model, gamma, max_new_tokens, rng, eos_id=None):
    seq = list(prompt)
    out, accepted, target_calls, draft_calls = [], [], 0, 0
    while len(out) < max_new_tokens:
        k = gamma  # leave room for the token the target adds every round
        drafts, qs = [], []
        for _ in range(k):
            q = np.asarray(draft_model(seq + drafts), dtype=float)
            draft_calls += 1
            qs.append(q)
            drafts.append(_sample(q, rng.random()))
        # One target pass scores every draft prefix: p_i for seq + drafts[:i], i = 0..k.
        ps = [np.asarray(target_model(seq + drafts[:i]), dtype=float) for i in range(k + 1)]
        target_calls += 1
        n_ok = 0
        while n_ok < k and rng.random() < ps[n_ok][drafts[n_ok]] / qs[n_ok][drafts[n_ok]]:
            n_ok += 1
        if n_ok < k:
            # Rejected: resample from the part of p that q under-covers, so the output is distributed as p.
            residual = np.maximum(ps[n_ok] - qs[n_ok], 0.0)
            extra = _sample(residual / residual.sum(), rng.random())
        else:
            extra = _sample(ps[k], rng.random())  # all accepted: a bonus token from p_k
        accepted.append(n_ok)
        for t in drafts[:n_ok] + [extra]:
            out.append(t)
            seq.append(t)
            if t == eos_id:
                return {"tokens": out[:max_new_tokens], "accepted": accepted, "target_calls": target_calls,
                        "draft_calls": draft_calls}
    return {"tokens": out[:max_new_tokens], "accepted": accepted, "target_calls": target_calls,
            "draft_calls": draft_calls}
