import math

from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _sig(z):
    return 1.0 / (1.0 + math.exp(-z))


def _gate_model(x, h, W_ih, W_hh, b_ih, b_hh):
    """Independent model: the PyTorch GRUCell equations gate by gate, sigmoid written as (1 + tanh(z / 2)) / 2."""
    H = h.shape[1]
    sig = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))  # noqa: E731 - stable for any magnitude
    gi = [x @ W_ih[k * H:(k + 1) * H].T + b_ih[k * H:(k + 1) * H] for k in range(3)]
    gh = [h @ W_hh[k * H:(k + 1) * H].T + b_hh[k * H:(k + 1) * H] for k in range(3)]
    r, z = sig(gi[0] + gh[0]), sig(gi[1] + gh[1])
    n = np.tanh(gi[2] + r * gh[2])
    return (1 - z) * n + z * h


_MODEL = SimpleNamespace(gru_cell=_gate_model)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _inputs(seed, n, d, hdim, scale=0.5):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, d)), rng.normal(size=(n, hdim)),
            rng.normal(size=(3 * hdim, d)) * scale, rng.normal(size=(3 * hdim, hdim)) * scale,
            rng.normal(size=3 * hdim) * scale, rng.normal(size=3 * hdim) * scale)


@sample(expected=np.array([[1.0]]))
def prompt_example(m):
    """D = H = 1, all weights and biases 0, x = [[5]], h = [[2]]"""
    z = np.zeros((3, 1))
    return m.gru_cell(np.array([[5.0]]), np.array([[2.0]]), z, z.copy(), np.zeros(3), np.zeros(3))


@sample(expected=np.array([[(1 - _sig(-2.0)) * math.tanh(0.5) + _sig(-2.0) * 1.0]]))
def gate_order_from_input_bias(m):
    """D = H = 1, zero weights, b_ih = [1, -2, 0.5] (r, z, n), b_hh = 0, h = [[1]]"""
    z = np.zeros((3, 1))
    return m.gru_cell(np.array([[1.0]]), np.array([[1.0]]), z, z.copy(), np.array([1.0, -2.0, 0.5]), np.zeros(3))


_N1 = math.tanh(0.5 + _sig(1.0) * 2.0)


@sample(expected=np.array([[(1 - _sig(-1.0)) * _N1 + _sig(-1.0) * 1.0]]))
def reset_gate_scales_recurrent_bias(m):
    """D = H = 1, zero weights, b_ih = [0, 0, 0.5], b_hh = [1, -1, 2], h = [[1]]: n = tanh(0.5 + r * 2)"""
    z = np.zeros((3, 1))
    return m.gru_cell(np.array([[1.0]]), np.array([[1.0]]), z, z.copy(), np.array([0.0, 0.0, 0.5]),
                      np.array([1.0, -1.0, 2.0]))


@_expected_from_model(sample)
def small_random(m):
    """N=2, D=3, H=2 random inputs and parameters (seed 0)"""
    return m.gru_cell(*_inputs(0, 2, 3, 2))


@_expected_from_model(hidden)
def batch_of_one_d_differs_from_h(m):
    """N=1, D=5, H=3"""
    return m.gru_cell(*_inputs(1, 1, 5, 3))


@_expected_from_model(hidden)
def only_recurrent_bias(m):
    """b_ih = 0 and a large b_hh"""
    x, h, W_ih, W_hh, _, b_hh = _inputs(2, 3, 2, 4)
    return m.gru_cell(x, h, W_ih, W_hh, np.zeros(12), b_hh * 4)


@_expected_from_model(hidden)
def zero_initial_state(m):
    """h = 0, the usual first step: the reset gate only scales b_hn"""
    x, h, W_ih, W_hh, b_ih, b_hh = _inputs(3, 4, 3, 5, scale=1.0)
    return m.gru_cell(x, np.zeros_like(h), W_ih, W_hh, b_ih, b_hh)


@_expected_from_model(hidden)
def update_gate_near_one_keeps_state(m):
    """the z block of b_ih is +8: h_new stays close to h"""
    x, h, W_ih, W_hh, b_ih, b_hh = _inputs(4, 3, 2, 3)
    b_ih = b_ih.copy()
    b_ih[3:6] += 8.0
    return m.gru_cell(x, h * 3, W_ih, W_hh, b_ih, b_hh)


@_expected_from_model(hidden)
def saturated_gates(m):
    """pre-activations in the hundreds: results must be finite"""
    x, h, W_ih, W_hh, b_ih, b_hh = _inputs(5, 3, 4, 3)
    return m.gru_cell(x * 300, h, W_ih, W_hh, b_ih, b_hh)


@_expected_from_model(hidden)
def unrolled_over_ten_steps(m):
    """feed h_new back in for 10 steps, N=2, D=3, H=4; returns the final state"""
    _, h, W_ih, W_hh, b_ih, b_hh = _inputs(6, 2, 3, 4, scale=0.8)
    xs = np.random.default_rng(66).normal(size=(10, 2, 3))
    for x in xs:
        h = m.gru_cell(x, h, W_ih, W_hh, b_ih, b_hh)
    return h


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    """call, then return all six inputs"""
    args = _inputs(7, 3, 2, 3)
    m.gru_cell(*args)
    return list(args)


@_expected_from_model(hidden)
def larger_random(m):
    """N=32, D=16, H=24"""
    return m.gru_cell(*_inputs(8, 32, 16, 24, scale=0.4))


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_gru_cell(solution):
    import torch

    for seed, (n, d, hdim) in [(20, (3, 4, 5)), (21, (1, 6, 2)), (22, (16, 8, 8)), (23, (4, 3, 3))]:
        x, h, W_ih, W_hh, b_ih, b_hh = _inputs(seed, n, d, hdim, scale=1.0)
        cell = torch.nn.GRUCell(d, hdim).double()
        with torch.no_grad():
            for name, value in [("weight_ih", W_ih), ("weight_hh", W_hh), ("bias_ih", b_ih), ("bias_hh", b_hh)]:
                getattr(cell, name).copy_(torch.from_numpy(value))
            expected = cell(torch.from_numpy(x), torch.from_numpy(h)).numpy()
        np.testing.assert_allclose(solution.gru_cell(x, h, W_ih, W_hh, b_ih, b_hh), expected, rtol=1e-12, atol=1e-14)
