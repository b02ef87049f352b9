# On rejection samples the replacement from p instead of the residual max(0, p - q).
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
        k = min(gamma, max_new_tokens - len(out) - 1)  # leave room for the token the target adds every round
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
        # Rejected or not, the extra token comes from the target's own distribution at that position.
        extra = _sample(ps[n_ok], rng.random())
        accepted.append(n_ok)
        for t in drafts[:n_ok] + [extra]:
            out.append(t)
            seq.append(t)
            if t == eos_id:
                return {"tokens": out, "accepted": accepted, "target_calls": target_calls, "draft_calls": draft_calls}
    return {"tokens": out, "accepted": accepted, "target_calls": target_calls, "draft_calls": draft_calls}
