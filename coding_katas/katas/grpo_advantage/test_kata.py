import math
import statistics

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values come from _loop_advantages / _loop_grpo: plain Python over one token at a time (statistics
# and math, explicit branches instead of np.minimum/np.clip), and from hand calculations. The reference is
# also checked against torch autograd below (plain pytest only).


def _loop_advantages(rewards, eps=1e-4):
    return np.array([[(r - statistics.fmean(row)) / (statistics.stdev(row) + eps) for r in row] for row in rewards])


def _loop_grpo(logp, logp_old, logp_ref, adv, mask, clip_eps=0.2, beta=0.04):
    n_seq, width = np.shape(logp)
    loss = kl_sum = clip_sum = 0.0
    grad = np.zeros((n_seq, width))
    for i in range(n_seq):
        real = [t for t in range(width) if mask[i][t]]
        a = float(adv[i])
        seq_loss = seq_kl = seq_clip = 0.0
        for t in real:
            ratio = math.exp(logp[i][t] - logp_old[i][t])
            bounded = 1 - clip_eps if ratio < 1 - clip_eps else 1 + clip_eps if ratio > 1 + clip_eps else ratio
            clipped = (a > 0 and ratio > 1 + clip_eps) or (a < 0 and ratio < 1 - clip_eps)
            s = bounded * a if clipped else ratio * a
            diff = logp_ref[i][t] - logp[i][t]
            k = math.exp(diff) - diff - 1
            seq_loss += -(s - beta * k)
            seq_kl += k
            seq_clip += clipped
            grad[i, t] = -((0.0 if clipped else ratio * a) - beta * (1 - math.exp(diff))) / (n_seq * len(real))
        loss += seq_loss / len(real) / n_seq
        kl_sum += seq_kl / len(real) / n_seq
        clip_sum += seq_clip / len(real) / n_seq
    return {"loss": loss, "kl": kl_sum, "clip_frac": clip_sum, "grad": grad}


def _batch(seed, n, width, spread=0.3, junk=0.0):
    """Random per-token log-probs; lengths between 1 and width; padding holds -junk in logp, +junk elsewhere."""
    rng = np.random.default_rng(seed)
    logp_old = -rng.exponential(1.5, size=(n, width))
    logp = logp_old + rng.normal(0, spread, size=(n, width))
    logp_ref = logp_old + rng.normal(0, spread, size=(n, width))
    lengths = rng.integers(1, width + 1, size=n)
    mask = np.arange(width)[None, :] < lengths[:, None]
    logp[~mask], logp_old[~mask], logp_ref[~mask] = -junk, junk, junk
    return logp, logp_old, logp_ref, rng.normal(0, 1, size=n), mask


A = 0.5 / (math.sqrt(1 / 3) + 1e-4)


@sample(expected=np.array([[A, -A, -A, A], [0.0, 0.0, 0.0, 0.0]]))
def advantages_by_hand(m):
    """rewards [[1, 0, 0, 1], [3, 3, 3, 3]]: mean 0.5 and std sqrt(1/3) (ddof=1); an all-equal group gives 0"""
    return m.group_advantages(np.array([[1.0, 0.0, 0.0, 1.0], [3.0, 3.0, 3.0, 3.0]]))


@sample(expected={"loss": -0.5, "kl": 0.0, "clip_frac": 0.0,
                  "grad": np.array([[-1 / 3, -1 / 3, -1 / 3], [0.5, 0.0, 0.0]])})
def on_policy_two_lengths(m):
    """logp = logp_old = logp_ref, advantages [2, -1], lengths 3 and 1 (padding holds 40.0):
    loss = mean(-2, 1); grad = -A / (N * n_i)"""
    z = np.zeros((2, 3))
    z[1, 1:] = 40.0
    mask = np.array([[1, 1, 1], [1, 0, 0]])
    return m.grpo_loss(z.copy(), z.copy(), z.copy(), np.array([2.0, -1.0]), mask)


K0, K1 = math.exp(-0.5) + 0.5 - 1, math.exp(0.5) - 0.5 - 1


@sample(expected={"loss": (-(1.2 - 0.1 * K0) - (math.exp(-0.5) - 0.1 * K1)) / 2, "kl": (K0 + K1) / 2,
                  "clip_frac": 0.5,
                  "grad": np.array([[-(0.0 - 0.1 * (1 - math.exp(-0.5))) / 2,
                                     -(math.exp(-0.5) - 0.1 * (1 - math.exp(0.5))) / 2]])})
def clipping_by_hand(m):
    """logp [0.5, -0.5], logp_old = logp_ref = 0, A = 1, clip 0.2, beta 0.1: ratio e^0.5 = 1.65 is clipped
    to 1.2 (no surrogate gradient), ratio e^-0.5 = 0.61 is not (A > 0: the lower clip never binds)"""
    return m.grpo_loss(np.array([[0.5, -0.5]]), np.zeros((1, 2)), np.zeros((1, 2)), np.array([1.0]),
                       np.ones((1, 2)), clip_eps=0.2, beta=0.1)


REWARDS = np.array([[1, 0, 1, 1, 0, 0, 0, 1], [1, 1, 1, 1, 1, 1, 1, 1], [0.2, 0.9, 0.4, 0.4, 0.0, 1.0, 0.7, 0.1],
                    [0, 0, 0, 0, 0, 0, 0, 1], [-3.0, 2.5, 7.0, 0.0, 0.0, 1.5, -1.0, 4.0]], dtype=float)


@hidden(expected=_loop_advantages(REWARDS))
def advantages_five_groups_of_eight(m):
    """5 prompts x 8 completions: binary rewards, an all-ones group, graded and signed rewards"""
    return m.group_advantages(REWARDS)


@hidden(expected=_loop_advantages(REWARDS[:, :2], eps=0.5))
def advantages_pairs_custom_eps(m):
    """groups of two with eps 0.5"""
    return m.group_advantages(REWARDS[:, :2], eps=0.5)


BATCH = _batch(1, 6, 9)


@hidden(expected=_loop_grpo(*BATCH))
def random_batch(m):
    """6 sequences of 1-9 tokens, log-ratio noise 0.3 (some tokens clipped), clip 0.2, beta 0.04"""
    return m.grpo_loss(*BATCH)


NEG = (np.array([[-0.4, 0.4, -0.1, 0.0]]), np.zeros((1, 4)), np.array([[0.2, -0.3, 0.0, 1.0]]),
       np.array([-1.5]), np.ones((1, 4)))


@hidden(expected=_loop_grpo(*NEG, clip_eps=0.2, beta=0.04))
def negative_advantage(m):
    """A = -1.5: ratio e^-0.4 < 0.8 is clipped, ratio e^0.4 > 1.2 is not (the unclipped term is smaller)"""
    return m.grpo_loss(*NEG)


WIDE = _batch(2, 8, 12, spread=0.5)


@hidden(expected=_loop_grpo(*WIDE, clip_eps=0.1, beta=0.0))
def beta_zero_clip_point_one(m):
    """8 sequences up to 12 tokens, log-ratio noise 0.5, clip 0.1, no KL penalty (kl still reported)"""
    return m.grpo_loss(*WIDE, clip_eps=0.1, beta=0.0)


JUNK = _batch(3, 5, 7, junk=1000.0)


@hidden(expected=_loop_grpo(*JUNK, clip_eps=0.28, beta=0.2))
def padding_holds_huge_values(m):
    """padding holds logp -1000 and logp_old = logp_ref = 1000 (exp(ref - logp) overflows if used);
    clip 0.28, beta 0.2"""
    return m.grpo_loss(*JUNK, clip_eps=0.28, beta=0.2)


ONE = _batch(4, 10, 1)


@hidden(expected=_loop_grpo(*ONE))
def single_token_sequences(m):
    """10 one-token sequences"""
    return m.grpo_loss(*ONE)


@hidden(expected=[np.copy(a) for a in _batch(5, 4, 6)] + [REWARDS.copy()])
def inputs_not_modified(m):
    arrays = [np.copy(a) for a in _batch(5, 4, 6)]
    rewards = REWARDS.copy()
    m.grpo_loss(*arrays)
    m.group_advantages(rewards)
    return arrays + [rewards]


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_autograd(solution):
    import torch

    for seed, clip_eps, beta in ((11, 0.2, 0.04), (12, 0.1, 0.3), (13, 0.3, 0.0)):
        logp, logp_old, logp_ref, adv, mask = _batch(seed, 7, 10, spread=0.4)
        t = torch.tensor(logp, requires_grad=True)
        old, ref, a = torch.tensor(logp_old), torch.tensor(logp_ref), torch.tensor(adv)[:, None]
        mk = torch.tensor(mask, dtype=torch.float64)
        ratio = torch.exp(t - old)
        surrogate = torch.min(ratio * a, torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps) * a)
        kl = torch.exp(ref - t) - (ref - t) - 1
        per_token = -(surrogate - beta * kl)
        loss = ((per_token * mk).sum(1) / mk.sum(1)).mean()
        loss.backward()
        out = solution.grpo_loss(logp, logp_old, logp_ref, adv, mask, clip_eps, beta)
        assert abs(out["loss"] - loss.item()) < 1e-12
        assert abs(out["kl"] - ((kl * mk).sum(1) / mk.sum(1)).mean().item()) < 1e-12
        np.testing.assert_allclose(out["grad"], t.grad.numpy(), rtol=1e-10, atol=1e-14)
    rewards = torch.rand(4, 6, dtype=torch.float64)
    expected = (rewards - rewards.mean(1, keepdim=True)) / (rewards.std(1, keepdim=True) + 1e-4)
    np.testing.assert_allclose(solution.group_advantages(rewards.numpy()), expected.numpy(), rtol=1e-12)
