from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

BETAS = np.array([0.1, 0.2, 0.5])
X_T, EPS, Z = np.array([1.0, -2.0]), np.array([0.5, 0.5]), np.array([1.0, -1.0])
MU_1 = (X_T - 0.2 / np.sqrt(1 - 0.9 * 0.8) * EPS) / np.sqrt(0.8)


def _product_step(x_t, t, eps_pred, betas, noise, variance="beta"):
    """Independent model: alpha_bar as Python products, the mean and sigma from the prompt's formulas."""
    import math

    if variance not in ("beta", "posterior"):
        raise ValueError(variance)
    t = int(t)
    alphas = [1.0 - float(b) for b in betas]
    bar_t, bar_prev = math.prod(alphas[: t + 1]), math.prod(alphas[:t])
    mu = (x_t - float(betas[t]) / math.sqrt(1 - bar_t) * eps_pred) / math.sqrt(alphas[t])
    if t == 0:
        return np.array(mu, dtype=float)
    var = float(betas[t]) if variance == "beta" else (1 - bar_prev) / (1 - bar_t) * float(betas[t])
    return mu + math.sqrt(var) * noise


_MODEL = SimpleNamespace(ddpm_reverse_step=_product_step)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _linear_betas(n):
    return np.linspace(1e-4, 0.02, n)


def _inputs(seed, shape):
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape), rng.normal(size=shape), rng.normal(size=shape)


@sample(expected=MU_1 + np.sqrt(0.2) * Z)
def example_beta_variance(m):
    """betas [0.1, 0.2, 0.5], t = 1, x_t = [1, -2], eps_pred = [0.5, 0.5], noise = [1, -1]"""
    return m.ddpm_reverse_step(X_T, 1, EPS, BETAS, Z)


@sample(expected=MU_1 + np.sqrt(0.1 / 0.28 * 0.2) * Z)
def example_posterior_variance(m):
    """the same inputs with variance="posterior": sigma^2 = (1 - 0.9) / (1 - 0.72) * 0.2"""
    return m.ddpm_reverse_step(X_T, 1, EPS, BETAS, Z, variance="posterior")


@sample(expected=(X_T - 0.1 / np.sqrt(0.1) * EPS) / np.sqrt(0.9))
def last_step_adds_no_noise(m):
    """t = 0 with a nan noise array: the result is the mean alone"""
    return m.ddpm_reverse_step(X_T, 0, EPS, BETAS, np.full(2, np.nan))


@hidden(expected=(X_T - 0.1 / np.sqrt(0.1) * EPS) / np.sqrt(0.9))
def last_step_posterior_with_nan_noise(m):
    """t = 0, variance="posterior" (sigma is 0 there) and nan noise"""
    return m.ddpm_reverse_step(X_T, 0, EPS, BETAS, np.full(2, np.nan), variance="posterior")


@_expected_from_model(hidden)
def second_step_posterior_uses_alpha_bar_zero(m):
    """t = 1 with variance="posterior" on a 5-step schedule: alpha_bar_{t-1} is 1 - beta_0, not 1"""
    x, eps, z = _inputs(1, (3, 4))
    return m.ddpm_reverse_step(x, 1, eps, np.array([0.3, 0.25, 0.2, 0.15, 0.1]), z, variance="posterior")


@_expected_from_model(hidden)
def last_timestep_of_long_schedule(m):
    """1,000 linear betas, t = np.int64(999), a (2, 3, 4, 4) batch, both variances"""
    x, eps, z = _inputs(2, (2, 3, 4, 4))
    betas = _linear_betas(1000)
    return [m.ddpm_reverse_step(x, np.int64(999), eps, betas, z, variance=v) for v in ("beta", "posterior")]


@_expected_from_model(hidden)
def middle_timesteps(m):
    """1,000 linear betas, t = 1, 2, 500 and 998 on a (4, 8) batch with the default variance"""
    x, eps, z = _inputs(3, (4, 8))
    betas = _linear_betas(1000)
    return [m.ddpm_reverse_step(x, t, eps, betas, z) for t in (1, 2, 500, 998)]


@_expected_from_model(hidden)
def full_sampling_chain(m):
    """50 steps from t = 49 down to 0 with a toy noise predictor eps = 0.3 x + 0.1, both variances"""
    betas = np.linspace(0.001, 0.2, 50)
    out = []
    for variance in ("beta", "posterior"):
        rng = np.random.default_rng(4)
        x = rng.normal(size=(2, 6))
        for t in range(49, -1, -1):
            x = m.ddpm_reverse_step(x, t, 0.3 * x + 0.1, betas, rng.normal(size=x.shape), variance=variance)
        out.append(x)
    return out


@hidden(expected="ValueError")
def unknown_variance_raises(m):
    """variance="learned" is not one of the two choices"""
    try:
        m.ddpm_reverse_step(X_T, 1, EPS, BETAS, Z, variance="learned")
    except ValueError:
        return "ValueError"
    return "no error"


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    """call at t = 2, then return x_t, eps_pred, betas and noise"""
    x, eps, z = _inputs(5, (3, 3))
    betas = BETAS.copy()
    m.ddpm_reverse_step(x, 2, eps, betas, z, variance="posterior")
    return [x, eps, betas, z]


# Independent checks of the reference itself (plain pytest only).
def test_mean_is_the_posterior_mean_given_x0(solution):
    # With the true noise, the step's mean equals the closed-form posterior mean of q(x_{t-1} | x_t, x_0).
    rng = np.random.default_rng(10)
    betas = _linear_betas(200)
    alpha_bar = np.cumprod(1 - betas)
    x0, eps = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    for t in (1, 7, 100, 199):
        x_t = np.sqrt(alpha_bar[t]) * x0 + np.sqrt(1 - alpha_bar[t]) * eps
        coef_x0 = np.sqrt(alpha_bar[t - 1]) * betas[t] / (1 - alpha_bar[t])
        coef_xt = np.sqrt(1 - betas[t]) * (1 - alpha_bar[t - 1]) / (1 - alpha_bar[t])
        mean = solution.ddpm_reverse_step(x_t, t, eps, betas, np.zeros_like(x_t))
        np.testing.assert_allclose(mean, coef_x0 * x0 + coef_xt * x_t, rtol=1e-9, atol=1e-12)


def test_noise_scale_matches_each_variance(solution):
    betas = _linear_betas(100)
    alpha_bar = np.cumprod(1 - betas)
    x, eps = np.ones(4), np.zeros(4)
    for t in (1, 50, 99):
        base = solution.ddpm_reverse_step(x, t, eps, betas, np.zeros(4))
        for variance, var in (("beta", betas[t]), ("posterior", (1 - alpha_bar[t - 1]) / (1 - alpha_bar[t]) * betas[t])):
            step = solution.ddpm_reverse_step(x, t, eps, betas, np.ones(4), variance=variance) - base
            np.testing.assert_allclose(step, np.sqrt(var), rtol=1e-12)
