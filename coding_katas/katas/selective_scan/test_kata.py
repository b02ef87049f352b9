import math

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _loop_scan (scalar Python loops over batch, time, channel and state index
# with math.exp). The reference is also checked against a vectorised PyTorch version in the style of mamba_ssm's
# selective_scan_ref (einsum discretisation, then the scan) below (plain pytest only).


def _loop_scan(x, delta, A, B, C, D, h0=None):
    batch, length, channels = x.shape
    n_state = A.shape[1]
    h = [[[0.0 if h0 is None else float(h0[b, d, n]) for n in range(n_state)] for d in range(channels)]
         for b in range(batch)]
    y = np.zeros(x.shape)
    for b in range(batch):
        for t in range(length):
            for d in range(channels):
                acc = 0.0
                for n in range(n_state):
                    decay = math.exp(delta[b, t, d] * A[d, n])
                    h[b][d][n] = decay * h[b][d][n] + delta[b, t, d] * B[b, t, n] * x[b, t, d]
                    acc += C[b, t, n] * h[b][d][n]
                y[b, t, d] = acc + D[d] * x[b, t, d]
    return y, np.array(h)


def _case(seed, batch, length, channels, n_state, delta_scale=1.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, length, channels))
    delta = np.log1p(np.exp(rng.normal(size=(batch, length, channels)))) * delta_scale  # softplus > 0
    A = -np.exp(rng.normal(size=(channels, n_state)))  # negative, as Mamba's A = -exp(A_log)
    B = rng.normal(size=(batch, length, n_state))
    C = rng.normal(size=(batch, length, n_state))
    D = rng.normal(size=channels)
    return x, delta, A, B, C, D


E1 = math.exp(-1) + 2


@sample(expected=(np.array([[[1.5], [E1 + 1.0]]]), np.array([[[E1]]])))
def prompt_example(m):
    """one channel, one state, A = -1, D = 0.5, delta = B = C = 1, x = [1, 2]"""
    a = np.array
    return m.selective_scan(a([[[1.0], [2.0]]]), a([[[1.0], [1.0]]]), a([[-1.0]]), a([[[1.0], [1.0]]]),
                            a([[[1.0], [1.0]]]), a([0.5]))


SMALL = _case(1, 1, 5, 3, 2)


@sample(expected=_loop_scan(*SMALL))
def three_channels_two_states(m):
    """batch 1, L = 5, Dm = 3, N = 2"""
    return m.selective_scan(*SMALL)


H0 = np.random.default_rng(2).normal(size=(1, 3, 2))


@sample(expected=_loop_scan(*SMALL, h0=H0))
def nonzero_initial_state(m):
    """the same inputs starting from a random state h0"""
    return m.selective_scan(*SMALL, h0=H0)


MID = _case(3, 2, 12, 4, 8)


@hidden(expected=_loop_scan(*MID))
def batch_two_sixteen_states(m):
    """batch 2, L = 12, Dm = 4, N = 8"""
    return m.selective_scan(*MID)


@hidden(expected=_loop_scan(*MID))
def continue_in_two_calls(m):
    """scan steps 0-6, then 7-11 from the returned state: equal to one scan"""
    x, delta, A, B, C, D = MID
    y1, h = m.selective_scan(x[:, :7], delta[:, :7], A, B[:, :7], C[:, :7], D)
    y2, h = m.selective_scan(x[:, 7:], delta[:, 7:], A, B[:, 7:], C[:, 7:], D, h0=h)
    return np.concatenate([y1, y2], axis=1), h


BIG_DT = _case(4, 1, 6, 2, 3, delta_scale=500.0)


@hidden(expected=_loop_scan(*BIG_DT))
def huge_step_forgets_the_past(m):
    """delta ~ 500: exp(delta * A) underflows to 0 and each state only holds its current input"""
    return m.selective_scan(*BIG_DT)


ONE = _case(5, 3, 1, 5, 4)
H0_ONE = np.random.default_rng(6).normal(size=(3, 5, 4))


@hidden(expected=_loop_scan(*ONE, h0=H0_ONE))
def single_step(m):
    """L = 1 from a random state: one update"""
    return m.selective_scan(*ONE, h0=H0_ONE)


@hidden(expected=[a.copy() for a in SMALL] + [H0.copy()])
def inputs_not_modified(m):
    arrays = [a.copy() for a in SMALL]
    h0 = H0.copy()
    m.selective_scan(*arrays, h0=h0)
    return arrays + [h0]


# Independent checks of the reference itself (plain pytest only).
def test_matches_mamba_selective_scan_ref_in_torch(solution):
    import torch

    x, delta, A, B, C, D = (torch.tensor(a) for a in _case(10, 2, 9, 6, 4))
    # The same computation in mamba_ssm's (batch, Dm, L) layout: discretise everything first, then scan.
    u, dt = x.transpose(1, 2), delta.transpose(1, 2)
    Bt, Ct = B.transpose(1, 2), C.transpose(1, 2)
    decay = torch.exp(torch.einsum("bdl,dn->bdln", dt, A))
    drive = torch.einsum("bdl,bnl,bdl->bdln", dt, Bt, u)
    h = torch.zeros(2, 6, 4, dtype=torch.float64)
    ys = []
    for i in range(u.shape[2]):
        h = decay[:, :, i] * h + drive[:, :, i]
        ys.append(torch.einsum("bdn,bn->bd", h, Ct[:, :, i]))
    y = torch.stack(ys, dim=2) + u * D[None, :, None]
    out, h_last = solution.selective_scan(*(t.numpy() for t in (x, delta, A, B, C, D)))
    np.testing.assert_allclose(out, y.transpose(1, 2).numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(h_last, h.numpy(), rtol=1e-12, atol=1e-14)
