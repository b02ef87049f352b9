import math

from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _sig(z):
    return 1.0 / (1.0 + math.exp(-z))


def _gate_model(x, h, c, W_ih, W_hh, b_ih, b_hh):
    """Independent model: the four gate blocks one by one, sigmoid written as (1 + tanh(z / 2)) / 2."""
    H = h.shape[1]
    sig = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))  # noqa: E731 - stable for any magnitude
    pre = [x @ W_ih[k * H:(k + 1) * H].T + b_ih[k * H:(k + 1) * H] + h @ W_hh[k * H:(k + 1) * H].T
           + b_hh[k * H:(k + 1) * H] for k in range(4)]
    i, f, g, o = sig(pre[0]), sig(pre[1]), np.tanh(pre[2]), sig(pre[3])
    c_new = f * c + i * g
    return o * np.tanh(c_new), c_new


_MODEL = SimpleNamespace(lstm_cell=_gate_model)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _inputs(seed, n, d, hdim, scale=0.5):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, d)), rng.normal(size=(n, hdim)), rng.normal(size=(n, hdim)),
            rng.normal(size=(4 * hdim, d)) * scale, rng.normal(size=(4 * hdim, hdim)) * scale,
            rng.normal(size=4 * hdim) * scale, rng.normal(size=4 * hdim) * scale)


@sample(expected=(np.array([[0.5 * math.tanh(0.5)]]), np.array([[0.5]])))
def prompt_example(m):
    """D = H = 1, all weights and biases 0, x = [[3]], h = [[0]], c = [[1]]"""
    z = np.zeros((4, 1))
    return m.lstm_cell(np.array([[3.0]]), np.array([[0.0]]), np.array([[1.0]]), z, z.copy(), np.zeros(4), np.zeros(4))


_C1 = _sig(-1.0) * 1.0 + _sig(2.0) * math.tanh(0.5)


@sample(expected=(np.array([[_sig(3.0) * math.tanh(_C1)]]), np.array([[_C1]])))
def gate_order_from_biases(m):
    """D = H = 1, zero weights, b_ih = [2, -1, 0.5, 3] (i, f, g, o), b_hh = 0, c = [[1]]"""
    z = np.zeros((4, 1))
    b_ih = np.array([2.0, -1.0, 0.5, 3.0])
    return m.lstm_cell(np.array([[1.0]]), np.array([[0.0]]), np.array([[1.0]]), z, z.copy(), b_ih, np.zeros(4))


@_expected_from_model(sample)
def small_random(m):
    """N=2, D=3, H=2 random inputs and parameters (seed 0)"""
    return m.lstm_cell(*_inputs(0, 2, 3, 2))


@_expected_from_model(hidden)
def batch_of_one_d_differs_from_h(m):
    """N=1, D=5, H=3"""
    return m.lstm_cell(*_inputs(1, 1, 5, 3))


@_expected_from_model(hidden)
def only_recurrent_bias(m):
    """b_ih = 0 and a large b_hh: the recurrent bias must be added too"""
    x, h, c, W_ih, W_hh, _, b_hh = _inputs(2, 3, 2, 4)
    return m.lstm_cell(x, h, c, W_ih, W_hh, np.zeros(16), b_hh * 4)


@_expected_from_model(hidden)
def zero_initial_state(m):
    """h = c = 0, the usual first step"""
    x, h, c, W_ih, W_hh, b_ih, b_hh = _inputs(3, 4, 3, 5)
    return m.lstm_cell(x, np.zeros_like(h), np.zeros_like(c), W_ih, W_hh, b_ih, b_hh)


@_expected_from_model(hidden)
def saturated_gates(m):
    """pre-activations in the hundreds: results must be finite"""
    x, h, c, W_ih, W_hh, b_ih, b_hh = _inputs(4, 3, 4, 3)
    return m.lstm_cell(x * 200, h, c, W_ih, W_hh, b_ih, b_hh)


@_expected_from_model(hidden)
def unrolled_over_ten_steps(m):
    """feed the outputs back in for 10 steps, N=2, D=3, H=4; returns the final (h, c)"""
    _, h, c, W_ih, W_hh, b_ih, b_hh = _inputs(5, 2, 3, 4)
    xs = np.random.default_rng(55).normal(size=(10, 2, 3))
    for x in xs:
        h, c = m.lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)
    return h, c


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    """call, then return all seven inputs"""
    args = _inputs(6, 3, 2, 3)
    m.lstm_cell(*args)
    return list(args)


@_expected_from_model(hidden)
def larger_random(m):
    """N=32, D=16, H=24"""
    return m.lstm_cell(*_inputs(7, 32, 16, 24, scale=0.3))


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_lstm_cell(solution):
    import torch

    for seed, (n, d, hdim) in [(20, (3, 4, 5)), (21, (1, 6, 2)), (22, (16, 8, 8))]:
        x, h, c, W_ih, W_hh, b_ih, b_hh = _inputs(seed, n, d, hdim)
        cell = torch.nn.LSTMCell(d, hdim).double()
        with torch.no_grad():
            for name, value in [("weight_ih", W_ih), ("weight_hh", W_hh), ("bias_ih", b_ih), ("bias_hh", b_hh)]:
                getattr(cell, name).copy_(torch.from_numpy(value))
            th, tc = cell(torch.from_numpy(x), (torch.from_numpy(h), torch.from_numpy(c)))
        got_h, got_c = solution.lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)
        np.testing.assert_allclose(got_h, th.numpy(), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(got_c, tc.numpy(), rtol=1e-12, atol=1e-14)
