import math

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values come from _by_token: a per-token loop with math.exp, Python's sorted() on (-score, index)
# keys, and the loss summed expert by expert, written separately from the vectorised reference.
# test_matches_torch checks the reference against torch.topk / softmax on inputs without ties.


def _by_token(x, W_g, W_noise, noise, k, alpha=0.01):
    N, E = x.shape[0], W_g.shape[1]
    gates, chosen_all, probs = np.zeros((N, E)), [], np.zeros((N, E))
    for t in range(N):
        clean, raw = x[t] @ W_g, x[t] @ W_noise
        scale = [z + math.log1p(math.exp(-z)) if z > 0 else math.log1p(math.exp(z)) for z in raw]
        h = [clean[i] + noise[t, i] * scale[i] for i in range(E)]
        chosen = sorted(range(E), key=lambda i: (-h[i], i))[:k]
        top = max(h[i] for i in chosen)
        z = math.fsum(math.exp(h[i] - top) for i in chosen)
        for i in chosen:
            gates[t, i] = math.exp(h[i] - top) / z
        full = math.fsum(math.exp(v - max(h)) for v in h)
        probs[t] = [math.exp(v - max(h)) / full for v in h]
        chosen_all.append(chosen)
    counts = np.array([sum(i in c for c in chosen_all) for i in range(E)])
    aux = alpha * E * math.fsum(counts[i] / (N * k) * probs[:, i].mean() for i in range(E))
    return {"gates": gates, "topk_indices": np.array(chosen_all), "expert_counts": counts, "aux_loss": aux}


def _case(seed, N, D, E, scale=1.0, noise_scale=1.0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(N, D)), rng.normal(size=(D, E)) * scale, rng.normal(size=(D, E)) * noise_scale,
            rng.normal(size=(N, E)))


_P = np.exp([1.0, 3.0, 2.0, 0.0]) / np.exp([1.0, 3.0, 2.0, 0.0]).sum()


@sample(expected={"gates": np.array([[0.0, math.e / (1 + math.e), 1 / (1 + math.e), 0.0]]),
                  "topk_indices": np.array([[1, 2]]), "expert_counts": np.array([0, 1, 1, 0]),
                  "aux_loss": 0.01 * 4 * (0.5 * _P[1] + 0.5 * _P[2])})
def prompt_example(m):
    """one token, logits [1, 3, 2, 0], zero noise, k = 2"""
    return m.noisy_topk_gating(np.array([[1.0]]), np.array([[1.0, 3.0, 2.0, 0.0]]), np.zeros((1, 4)),
                               np.zeros((1, 4)), k=2)


CASE_SMALL = _case(1, N=4, D=3, E=4)


@sample(expected=_by_token(*CASE_SMALL, k=2))
def four_tokens_with_noise(m):
    """N = 4, D = 3, E = 4, k = 2, given standard-normal noise"""
    return m.noisy_topk_gating(*CASE_SMALL, k=2)


@sample(expected={"gates": np.array([[0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.5, 0.5]]),
                  "topk_indices": np.array([[0, 1], [2, 3]]), "expert_counts": np.array([1, 1, 1, 1]),
                  "aux_loss": 0.1})
def balanced_routing(m):
    """logits [1, 1, 0, 0] and [0, 0, 1, 1], k = 2, alpha = 0.1: f_i = P_i = 1/4, so aux_loss = alpha"""
    W_g = np.array([[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]])
    return m.noisy_topk_gating(np.eye(2), W_g, np.zeros((2, 4)), np.zeros((2, 4)), k=2, alpha=0.1)


TIED = (np.ones((2, 1)), np.array([[2.0, 5.0, 5.0, 5.0, 1.0]]), np.zeros((1, 5)), np.zeros((2, 5)))


@hidden(expected=_by_token(*TIED, 2))
def ties_go_to_lower_index(m):
    """logits [2, 5, 5, 5, 1] for two tokens, k = 2: experts 1 and 2 win the three-way tie"""
    return m.noisy_topk_gating(*TIED, k=2)


CASE_BATCH = _case(2, N=16, D=6, E=8)


@hidden(expected=_by_token(*CASE_BATCH, k=2, alpha=0.02))
def batch_of_sixteen(m):
    """N = 16, D = 6, E = 8, k = 2, alpha = 0.02"""
    return m.noisy_topk_gating(*CASE_BATCH, k=2, alpha=0.02)


@hidden(expected=_by_token(*CASE_BATCH, k=1))
def top_one_switch_routing(m):
    """k = 1: each token's single gate is exactly 1"""
    return m.noisy_topk_gating(*CASE_BATCH, k=1)


CASE_FULL = _case(3, N=5, D=4, E=3)


@hidden(expected=_by_token(*CASE_FULL, k=3))
def k_equals_e(m):
    """k = E = 3: the gates are the full softmax of the noisy logits"""
    return m.noisy_topk_gating(*CASE_FULL, k=3)


CASE_HUGE = _case(4, N=6, D=3, E=5, scale=800.0, noise_scale=3000.0)


@hidden(expected=_by_token(*CASE_HUGE, k=2))
def huge_logits_and_noise_scale(m):
    """W_g entries ~800 and W_noise ~3000: softplus arguments in the thousands, logits ~1e4"""
    return m.noisy_topk_gating(*CASE_HUGE, k=2)


@hidden(expected=list(_case(5, N=3, D=2, E=4)))
def inputs_not_modified(m):
    args = _case(5, N=3, D=2, E=4)
    m.noisy_topk_gating(*args, k=2)
    return list(args)


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch(solution):
    import torch

    x, W_g, W_n, noise = _case(9, N=32, D=8, E=6)
    out = solution.noisy_topk_gating(x, W_g, W_n, noise, k=2, alpha=0.01)
    tx = torch.tensor(x)
    h = tx @ torch.tensor(W_g) + torch.tensor(noise) * torch.nn.functional.softplus(tx @ torch.tensor(W_n))
    vals, idx = torch.topk(h, 2, dim=-1)
    gates = torch.zeros_like(h).scatter(1, idx, torch.softmax(vals, dim=-1))
    np.testing.assert_array_equal(out["topk_indices"], idx.numpy())
    np.testing.assert_allclose(out["gates"], gates.numpy(), rtol=1e-12, atol=1e-15)
    counts = torch.bincount(idx.flatten(), minlength=6)
    aux = 0.01 * 6 * ((counts / (32 * 2)) * torch.softmax(h, -1).mean(0)).sum()
    assert abs(out["aux_loss"] - aux.item()) < 1e-14
