import math

import numpy as np
import torch

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from NumPy code written separately from the reference: a loop over positions
# with a max-shifted log-sum-exp, the loss through np.logaddexp, and the gradients from their closed form
# (dL/dz = (-(1 - ls) sigmoid(-z) + ls sigmoid(z)) / B; d logp / d logits = onehot - softmax).
IGN = -100


def _np_logsoftmax(row):
    top = row.max()
    return row - top - math.log(np.exp(row - top).sum())


def _np_seq_logps(logits, labels):
    B, T, _ = logits.shape
    return np.array([sum(_np_logsoftmax(logits[b, t - 1])[labels[b, t]] for t in range(1, T) if labels[b, t] != IGN)
                     for b in range(B)], dtype=float)


def _sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def _np_dpo(pc, pr, rc, rr, beta, ls):
    z = beta * ((pc - rc) - (pr - rr))
    losses = (1 - ls) * np.logaddexp(0.0, -z) + ls * np.logaddexp(0.0, z)
    dz = (-(1 - ls) * _sigmoid(-z) + ls * _sigmoid(z)) / len(z)
    return losses.mean(), beta * dz, -beta * dz, beta * (pc - rc), beta * (pr - rr)


def _np_logit_grad(logits, labels, d_seq):
    grad = np.zeros_like(logits)
    B, T, _ = logits.shape
    for b in range(B):
        for t in range(1, T):
            if labels[b, t] != IGN:
                p = np.exp(_np_logsoftmax(logits[b, t - 1]))
                p[labels[b, t]] -= 1.0
                grad[b, t - 1] = -d_seq[b] * p
    return grad


def _batch(seed, B, T, V, prompt_len, scale=2.0):
    """Logits for chosen and rejected answers (policy and reference) and labels with a masked prompt and right
    padding."""
    rng = np.random.default_rng(seed)
    out = {k: rng.normal(0, scale, size=(B, T, V)) for k in ("pc", "pr", "rc", "rr")}
    for side in ("c", "r"):
        labels = rng.integers(0, V, size=(B, T))
        labels[:, :prompt_len] = IGN
        for b in range(B):
            labels[b, T - rng.integers(0, T - prompt_len):] = IGN  # right padding of random length
            labels[b, prompt_len] = rng.integers(0, V)  # at least one answer token
        out["l" + side] = labels
    return out


def _expected_end_to_end(d, beta, ls):
    seq = {k: _np_seq_logps(d[k], d["l" + k[1]]) for k in ("pc", "pr", "rc", "rr")}
    loss, d_pc, d_pr, cr, rr = _np_dpo(seq["pc"], seq["pr"], seq["rc"], seq["rr"], beta, ls)
    return [loss, _np_logit_grad(d["pc"], d["lc"], d_pc), _np_logit_grad(d["pr"], d["lr"], d_pr), cr, rr,
            float(np.mean(cr > rr)), float(np.mean(cr - rr))]


def _run_end_to_end(m, d, beta, ls):
    pc = torch.tensor(d["pc"], requires_grad=True)
    pr = torch.tensor(d["pr"], requires_grad=True)
    lc, lr = torch.tensor(d["lc"]), torch.tensor(d["lr"])
    with torch.no_grad():
        rc, rr = m.sequence_logps(torch.tensor(d["rc"]), lc), m.sequence_logps(torch.tensor(d["rr"]), lr)
    out = m.dpo_loss(m.sequence_logps(pc, lc), m.sequence_logps(pr, lr), rc, rr, beta=beta, label_smoothing=ls)
    out["loss"].backward()
    return [out["loss"].detach(), pc.grad, pr.grad, out["chosen_rewards"], out["rejected_rewards"],
            out["reward_accuracy"], out["margin"]]


def _metrics(out):
    return [out["loss"].detach(), out["chosen_rewards"], out["rejected_rewards"], out["reward_accuracy"],
            out["margin"]]


@sample(expected=[-math.log(1 / (1 + math.exp(-1.0))), np.array([0.5]), np.array([-0.5]), 1.0, 1.0])
def prompt_example(m):
    """policy chosen -10, rejected -12, reference -11 and -11, beta 0.5: z = 1"""
    t = lambda v: torch.tensor([v], dtype=torch.float64)  # noqa: E731
    return _metrics(m.dpo_loss(t(-10.0), t(-12.0), t(-11.0), t(-11.0), beta=0.5))


LOGITS = torch.tensor([[[0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [5.0, 5.0, 5.0]]], dtype=torch.float64)


@sample(expected=np.array([math.log(1 / 3) + (2.0 - (3 + math.log(1 + math.exp(-1) + math.exp(-2))))]))
def sequence_logps_shift_by_hand(m):
    """logits (1, 3, 3), labels [-100, 0, 1]: log p(0) under row 0 (uniform) + log p(1) under row 1 ([1, 2, 3]);
    row 2 predicts nothing"""
    return m.sequence_logps(LOGITS, torch.tensor([[IGN, 0, 1]]))


SMALL = _batch(1, 2, 5, 4, prompt_len=2)


@sample(expected=_expected_end_to_end(SMALL, 0.1, 0.0))
def end_to_end_small(m):
    """B=2 pairs, T=5, V=4, prompt of 2 masked tokens, beta 0.1: [loss, grad of chosen and rejected policy logits,
    chosen and rejected rewards, accuracy, margin]"""
    return _run_end_to_end(m, SMALL, 0.1, 0.0)


MID = _batch(2, 4, 9, 7, prompt_len=3)


@hidden(expected=_expected_end_to_end(MID, 0.3, 0.1))
def end_to_end_label_smoothing(m):
    """B=4, T=9, V=7, right padding, beta 0.3, label smoothing 0.1"""
    return _run_end_to_end(m, MID, 0.3, 0.1)


HUGE = _batch(3, 3, 6, 5, prompt_len=2, scale=3000.0)


@hidden(expected=[_np_seq_logps(HUGE["pc"], HUGE["lc"])])
def logits_of_magnitude_1e4(m):
    """logits ~ N(0, 3000): log-softmax must stay finite"""
    return [m.sequence_logps(torch.tensor(HUGE["pc"]), torch.tensor(HUGE["lc"]))]


BIG_Z = [torch.tensor(v, dtype=torch.float64) for v in ([-10.0, -5000.0, 0.0], [-30000.0, 0.0, 0.0],
                                                        [0.0, 0.0, 0.0], [0.0, 0.0, 0.0])]


@hidden(expected=[np.mean([np.logaddexp(0, -2999.0), np.logaddexp(0, 500.0), math.log(2)]),
                  np.array([-1.0, -500.0, 0.0]), np.array([-3000.0, 0.0, 0.0]), 1 / 3, (2999.0 - 500.0) / 3])
def huge_margins_and_a_tie(m):
    """z = 0.1 * [29990, -5000, 0]: finite loss (2999 -> ~0, -500 -> 500, 0 -> log 2); the tie is not counted"""
    return _metrics(m.dpo_loss(*BIG_Z, beta=0.1))


@hidden(expected=np.array([0.0, _np_logsoftmax(np.array([0.5, -1.0, 2.0]))[2]]))
def only_the_last_token_kept(m):
    """row 0 masks everything; row 1 keeps only its last label (predicted by position T-2)"""
    logits = torch.zeros(2, 4, 3, dtype=torch.float64)
    logits[1, 2] = torch.tensor([0.5, -1.0, 2.0])
    logits[0, :] = 1e3  # junk under fully masked labels must not matter
    return m.sequence_logps(logits, torch.tensor([[IGN, IGN, IGN, IGN], [IGN, IGN, IGN, 2]]))


WIDE = _batch(4, 3, 12, 50, prompt_len=5)


@hidden(expected=_expected_end_to_end(WIDE, 0.05, 0.0))
def end_to_end_vocab_fifty(m):
    """B=3, T=12, V=50, prompt 5, beta 0.05"""
    return _run_end_to_end(m, WIDE, 0.05, 0.0)


@hidden(expected=[1.0, 0.0, 0.0])
def rewards_are_detached(m):
    """requires_grad of [loss, chosen_rewards, rejected_rewards] when the policy log-probs require grad"""
    pc = torch.tensor([-3.0], dtype=torch.float64, requires_grad=True)
    pr = torch.tensor([-4.0], dtype=torch.float64, requires_grad=True)
    rc = torch.tensor([-3.5], dtype=torch.float64)
    out = m.dpo_loss(pc, pr, rc, rc.clone(), beta=0.2)
    return [float(out[k].requires_grad) for k in ("loss", "chosen_rewards", "rejected_rewards")]


@hidden(expected=[SMALL["pc"].copy(), SMALL["lc"].copy()])
def inputs_not_modified(m):
    logits, labels = torch.tensor(SMALL["pc"]), torch.tensor(SMALL["lc"])
    m.sequence_logps(logits, labels)
    return [logits, labels]


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_cross_entropy_and_autograd(solution):
    import torch.nn.functional as F

    d = _batch(20, 3, 8, 6, prompt_len=2)
    logits, labels = torch.tensor(d["pc"]), torch.tensor(d["lc"])
    ce = F.cross_entropy(logits[:, :-1].reshape(-1, 6), labels[:, 1:].reshape(-1), ignore_index=IGN, reduction="none")
    torch.testing.assert_close(solution.sequence_logps(logits, labels), -ce.view(3, 7).sum(-1))
    z = torch.randn(5, dtype=torch.float64, requires_grad=True)
    zero = torch.zeros(5, dtype=torch.float64)
    loss = solution.dpo_loss(z, zero, zero, zero, beta=1.0, label_smoothing=0.2)["loss"]
    loss.backward()
    expected = (-(0.8) * torch.sigmoid(-z) + 0.2 * torch.sigmoid(z)).detach() / 5
    torch.testing.assert_close(z.grad, expected)
