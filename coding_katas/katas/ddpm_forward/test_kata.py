from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _product_model(x0, t, betas, noise):
    """Independent model: alpha_bar as a Python product of (1 - beta_s) for s = 0..t."""
    import math

    alpha_bar = math.prod(1.0 - float(b) for b in betas[: int(t) + 1])
    return math.sqrt(alpha_bar) * x0 + math.sqrt(1.0 - alpha_bar) * noise


_MODEL = SimpleNamespace(ddpm_q_sample=_product_model)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _linear_betas(T=1000, start=1e-4, end=0.02):
    return np.linspace(start, end, T)


def _cosine_betas(T=200, s=0.008):
    steps = np.arange(T + 1) / T
    f = np.cos((steps + s) / (1 + s) * np.pi / 2) ** 2
    return np.clip(1 - f[1:] / f[:-1], 0.0, 0.999)


@sample(expected=np.array([0.8485281374238571 + 0.5 * 0.5291502622129182,
                           -2 * 0.8485281374238571 + 0.5 * 0.5291502622129182]))
def example_from_prompt(m):
    """betas = [0.1, 0.2, 0.5], t = 1: alpha_bar = 0.9 * 0.8 = 0.72"""
    return m.ddpm_q_sample(np.array([1.0, -2.0]), 1, np.array([0.1, 0.2, 0.5]), np.array([0.5, 0.5]))


@sample(expected=np.array([0.9, 1.8, -0.9]) + np.sqrt(0.19) * np.array([1.0, 0.0, -2.0]))
def first_timestep(m):
    """t = 0 already applies betas[0] = 0.19: alpha_bar_0 = 0.81"""
    betas = np.array([0.19, 0.3, 0.3])
    return m.ddpm_q_sample(np.array([1.0, 2.0, -1.0]), 0, betas, np.array([1.0, 0.0, -2.0]))


@_expected_from_model(sample)
def image_batch_linear_schedule(m):
    """x0 (2, 3, 4, 4), linear schedule 1e-4..0.02 over T = 1000, t = 250"""
    rng = np.random.default_rng(1)
    x0 = rng.uniform(-1, 1, size=(2, 3, 4, 4))
    return m.ddpm_q_sample(x0, 250, _linear_betas(), rng.normal(size=x0.shape))


@_expected_from_model(hidden)
def last_timestep_is_almost_noise(m):
    """t = T - 1 = 999 of the linear schedule: alpha_bar is about 4e-5"""
    rng = np.random.default_rng(2)
    x0 = rng.uniform(-1, 1, size=(3, 8))
    return m.ddpm_q_sample(x0, 999, _linear_betas(), rng.normal(size=x0.shape))


@_expected_from_model(hidden)
def numpy_integer_timestep(m):
    """t passed as np.int64"""
    rng = np.random.default_rng(3)
    x0 = rng.normal(size=(4, 5))
    return m.ddpm_q_sample(x0, np.int64(17), _cosine_betas(), rng.normal(size=x0.shape))


@_expected_from_model(hidden)
def beta_one_gives_pure_noise(m):
    """a schedule ending with beta = 1: alpha_bar = 0 and x_t equals the noise"""
    rng = np.random.default_rng(4)
    x0 = rng.normal(size=6)
    noise = rng.normal(size=6)
    return m.ddpm_q_sample(x0, 3, np.array([0.1, 0.2, 0.3, 1.0]), noise)


@_expected_from_model(hidden)
def every_timestep_of_a_short_schedule(m):
    """t = 0..9 of a 10-step schedule, one scalar x0 and noise"""
    betas = np.array([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5])
    return [m.ddpm_q_sample(np.array([2.0]), t, betas, np.array([-1.0])) for t in range(10)]


@_expected_from_model(hidden)
def cosine_schedule_several_timesteps(m):
    rng = np.random.default_rng(5)
    betas = _cosine_betas()
    x0 = rng.uniform(-1, 1, size=(2, 1, 3, 3))
    noise = rng.normal(size=x0.shape)
    return [m.ddpm_q_sample(x0, t, betas, noise) for t in (0, 1, 50, 120, 199)]


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    rng = np.random.default_rng(6)
    x0, noise, betas = rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), _linear_betas(50, 0.01, 0.2)
    m.ddpm_q_sample(x0, 20, betas, noise)
    return [x0, noise, betas]


@_expected_from_model(hidden)
def larger_batch(m):
    """x0 (16, 3, 32, 32), t = 600"""
    rng = np.random.default_rng(7)
    x0 = rng.uniform(-1, 1, size=(16, 3, 32, 32))
    return m.ddpm_q_sample(x0, 600, _linear_betas(), rng.normal(size=x0.shape))


# Independent checks of the reference itself (plain pytest only).
def test_matches_step_by_step_markov_chain(solution):
    # Composing the one-step kernels x_{s} = sqrt(1 - b_s) x_{s-1} + sqrt(b_s) eps_s gives
    # mean coefficient c and noise variance v; the closed form must match both.
    betas = _cosine_betas(60)
    rng = np.random.default_rng(8)
    x0, noise = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    c, v = 1.0, 0.0
    for t, beta in enumerate(betas):
        c, v = np.sqrt(1 - beta) * c, (1 - beta) * v + beta
        np.testing.assert_allclose(solution.ddpm_q_sample(x0, t, betas, noise), c * x0 + np.sqrt(v) * noise,
                                   rtol=1e-9, atol=1e-12)


def test_matches_torch_cumprod(solution):
    import torch

    betas = torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64)
    alpha_bar = torch.cumprod(1 - betas, dim=0)
    x0, noise = torch.randn(4, 4, dtype=torch.float64), torch.randn(4, 4, dtype=torch.float64)
    for t in (0, 10, 500, 999):
        expected = alpha_bar[t].sqrt() * x0 + (1 - alpha_bar[t]).sqrt() * noise
        got = solution.ddpm_q_sample(x0.numpy(), t, betas.numpy(), noise.numpy())
        np.testing.assert_allclose(got, expected.numpy(), rtol=1e-9, atol=1e-12)
