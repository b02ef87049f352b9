# Population standard deviation (ddof=0) instead of the sample std torch.std and TRL use.
import numpy as np


def group_advantages(rewards, eps=1e-4):
    r = np.asarray(rewards, dtype=float)
    mean = r.mean(axis=1, keepdims=True)
    std = r.std(axis=1, keepdims=True)
    return (r - mean) / (std + eps)


def grpo_loss(logp, logp_old, logp_ref, advantages, mask, clip_eps=0.2, beta=0.04):
    m = np.asarray(mask, dtype=bool)
    # Padding may hold any finite junk: zero it before exponentiating so nothing there overflows.
    logp, logp_old, logp_ref = (np.where(m, np.asarray(a, dtype=float), 0.0) for a in (logp, logp_old, logp_ref))
    adv = np.asarray(advantages, dtype=float)[:, None]
    ratio = np.exp(logp - logp_old)
    unclipped = ratio * adv
    clipped = np.clip(ratio, 1 - clip_eps, 1 + clip_eps) * adv
    surrogate = np.minimum(unclipped, clipped)
    is_clipped = ((adv > 0) & (ratio > 1 + clip_eps)) | ((adv < 0) & (ratio < 1 - clip_eps))
    ref_ratio = np.exp(logp_ref - logp)
    kl = ref_ratio - (logp_ref - logp) - 1.0

    # Weight of each real token in the final average: 1 / (N * n_i); 0 at padding.
    n_tokens = m.sum(axis=1, keepdims=True)
    weight = m / (n_tokens * m.shape[0])

    def aggregate(per_token):
        return float(np.sum(np.where(m, per_token, 0.0) * weight))

    d_surrogate = np.where(is_clipped, 0.0, unclipped)  # d(ratio * A)/d logp = ratio * A
    d_kl = 1.0 - ref_ratio
    grad = -(d_surrogate - beta * d_kl) * weight
    return {"loss": aggregate(-(surrogate - beta * kl)), "kl": aggregate(kl),
            "clip_frac": aggregate(is_clipped.astype(float)), "grad": np.where(m, grad, 0.0)}
