import numpy as np
import torch

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from NumPy loops over (b, c, t, k) written from the formula, including the weight
# gradient dL/dw[c, k] = sum over b, t of g[b, c, t] * x[b, c, t - (K-1) + k]. The reference is also checked
# against F.conv1d with symmetric padding cropped to the first L outputs (plain pytest only).
F32 = {"kind": "allclose", "rtol": 1e-5, "atol": 1e-6}


def _np_conv(x, w, b=None):
    B, C, L = x.shape
    K = w.shape[1]
    y = np.zeros((B, C, L))
    for i in range(B):
        for c in range(C):
            for t in range(L):
                y[i, c, t] = (0.0 if b is None else b[c]) + sum(
                    w[c, k] * x[i, c, t - (K - 1) + k] for k in range(K) if t - (K - 1) + k >= 0)
    state = np.zeros((B, C, K - 1))
    for j in range(K - 1):
        t = L - (K - 1) + j
        if t >= 0:
            state[:, :, j] = x[:, :, t]
    return y, state


def _np_weight_grad(x, g, K):
    B, C, L = x.shape
    dw = np.zeros((C, K))
    for c in range(C):
        for k in range(K):
            dw[c, k] = sum(g[i, c, t] * x[i, c, t - (K - 1) + k] for i in range(B) for t in range(L)
                           if t - (K - 1) + k >= 0)
    return dw


def _case(seed, B, C, L, K, dtype=torch.float64):
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(B, C, L, generator=gen, dtype=torch.float64)
    w = torch.randn(C, K, generator=gen, dtype=torch.float64)
    b = torch.randn(C, generator=gen, dtype=torch.float64)
    return x.to(dtype), w.to(dtype), b.to(dtype)


def _decode(m, x, w, b, state):
    ys = []
    for t in range(x.shape[-1]):
        y, state = m.causal_conv1d_step(x[..., t], state, w, b)
        ys.append(y)
    return torch.stack(ys, dim=-1), state


X_EX, W_EX, B_EX = torch.tensor([[[1.0, 2.0, 3.0, 4.0]]], dtype=torch.float64), \
    torch.tensor([[0.5, -1.0, 2.0]], dtype=torch.float64), torch.tensor([0.1], dtype=torch.float64)


@sample(expected=[np.array([[[2.1, 3.1, 4.6, 6.1]]]), np.array([[[3.0, 4.0]]])])
def prompt_example(m):
    """x = [1, 2, 3, 4], w = [0.5, -1, 2], bias 0.1: [y, state]"""
    return list(m.causal_conv1d(X_EX, W_EX, B_EX))


@sample(expected=[np.array([[[2.1, 3.1, 4.6, 6.1]]]), np.array([[[3.0, 4.0]]])])
def steps_from_a_zero_state(m):
    """the same sequence fed one step at a time from a zero state of shape (1, 1, 2)"""
    return list(_decode(m, X_EX, W_EX, B_EX, torch.zeros(1, 1, 2, dtype=torch.float64)))


MULTI = _case(1, 2, 5, 11, 4)


@sample(expected=list(_np_conv(*(t.numpy() for t in MULTI))))
def five_channels_kernel_four(m):
    """B=2, C=5, L=11, K=4 (Mamba's kernel size): each channel has its own filter"""
    return list(m.causal_conv1d(*MULTI))


@hidden(expected=list(_np_conv(*(t.numpy() for t in MULTI))))
def prefill_then_decode(m):
    """prefill the first 6 steps with causal_conv1d, decode the last 5 with the step function"""
    x, w, b = MULTI
    y_pre, state = m.causal_conv1d(x[..., :6], w, b)
    y_dec, state = _decode(m, x[..., 6:], w, b, state)
    return [torch.cat([y_pre, y_dec], dim=-1), state]


ONE = _case(2, 3, 2, 5, 1)


@hidden(expected=[_np_conv(*(t.numpy() for t in ONE))[0], np.zeros((3, 2, 0))])
def kernel_size_one(m):
    """K = 1: a per-channel scale plus bias, and an empty state (B, C, 0)"""
    return list(m.causal_conv1d(*ONE))


SHORT = _case(3, 1, 3, 2, 5)


@hidden(expected=list(_np_conv(*(t.numpy() for t in SHORT))))
def sequence_shorter_than_kernel(m):
    """L = 2 with K = 5: the state (1, 3, 4) keeps two zeros on the left"""
    return list(m.causal_conv1d(*SHORT))


NOBIAS = _case(4, 2, 3, 7, 3)


@hidden(expected=list(_np_conv(NOBIAS[0].numpy(), NOBIAS[1].numpy())))
def step_without_bias(m):
    """bias None, decoding all 7 steps from zeros"""
    x, w, _ = NOBIAS
    return list(_decode(m, x, w, None, torch.zeros(2, 3, 2, dtype=torch.float64)))


FLOAT = _case(5, 2, 8, 16, 4, torch.float32)


@hidden(expected=[_np_conv(*(t.double().numpy() for t in FLOAT))[0], "torch.float32"], comparator=F32)
def float32_input(m):
    """float32 in, float32 out"""
    y, _ = m.causal_conv1d(*FLOAT)
    return [y, str(y.dtype)]


GRAD = _case(6, 2, 3, 9, 4)
G_UP = torch.randn(2, 3, 9, generator=torch.Generator().manual_seed(7), dtype=torch.float64)


@hidden(expected=_np_weight_grad(GRAD[0].numpy(), G_UP.numpy(), 4))
def weight_gradient(m):
    """d sum(y * g) / d weight: the output must stay differentiable"""
    x, w, b = GRAD
    w = w.clone().requires_grad_()
    y, _ = m.causal_conv1d(x, w, b)
    (y * G_UP).sum().backward()
    return w.grad


@hidden(expected=[np.array([[[5.0, 6.0, 7.0]]]), np.array([[[6.0, 7.0, 8.0]]])])
def step_returns_a_new_state(m):
    """the state passed in is left unchanged; [old state after the call, new state]"""
    state = torch.tensor([[[5.0, 6.0, 7.0]]], dtype=torch.float64)
    _, new = m.causal_conv1d_step(torch.tensor([[8.0]], dtype=torch.float64), state,
                                  torch.ones(1, 4, dtype=torch.float64))
    return [state, new]


# Independent checks of the reference itself (plain pytest only).
def test_matches_conv1d_with_symmetric_padding_cropped(solution):
    import torch.nn.functional as F

    for seed, K in ((20, 2), (21, 4), (22, 7)):
        x, w, b = _case(seed, 3, 6, 13, K)
        expected = F.conv1d(x, w.unsqueeze(1), b, padding=K - 1, groups=6)[..., :13]
        torch.testing.assert_close(solution.causal_conv1d(x, w, b)[0], expected)
