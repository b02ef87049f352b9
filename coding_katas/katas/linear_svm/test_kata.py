from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample


def _row_loop_svm(X, y, lam=0.01, lr=0.1, n_iters=1000):
    """Independent model: the active set as a boolean mask, both gradients before either update."""
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_iters):
        active = y * (X @ w + b) < 1
        gw, gb = lam * w - (y[active] @ X[active]) / len(y), -float(y[active].sum()) / len(y)
        w, b = w - lr * gw, b - lr * gb
    return w, float(b)


def _row_predict(w, b, X):
    return np.array([1 if x @ w + b >= 0 else -1 for x in X], dtype=np.int64)


_MODEL = SimpleNamespace(fit_linear_svm=_row_loop_svm, predict_linear_svm=_row_predict)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _blobs(seed, n, d, sep=1.5, shift=0.0):
    """Two Gaussian classes labelled -1 and +1."""
    rng = np.random.default_rng(seed)
    y = np.where(rng.random(n) < 0.5, -1, 1)
    X = rng.normal(size=(n, d)) + np.outer(y, rng.normal(size=d)) * sep / 2 + shift
    return X, y


_X = np.array([[2.0, 1.0], [1.0, 3.0], [-1.0, -1.0]])
_Y = np.array([1, 1, -1])


@sample(expected=((np.array([2 / 3, 5 / 6]), 1 / 6), (np.array([0.95 * 2 / 3, 0.95 * 5 / 6]), 1 / 6)))
def example_from_prompt(m):
    """three rows, lam = 0.1, lr = 0.5: after one step and after two steps"""
    return (m.fit_linear_svm(_X, _Y, lam=0.1, lr=0.5, n_iters=1),
            m.fit_linear_svm(_X, _Y, lam=0.1, lr=0.5, n_iters=2))


@sample(expected=(np.array([0.5]), 0.0))
def margin_of_exactly_one_is_inactive(m):
    """X = [[1], [-1]], y = [1, -1], lam = 0.5, lr = 1: after step 1 both margins are exactly 1"""
    return m.fit_linear_svm(np.array([[1.0], [-1.0]]), np.array([1, -1]), lam=0.5, lr=1.0, n_iters=2)


@sample(expected=np.array([1, -1, 1, -1]))
def zero_score_predicts_plus_one(m):
    """w = [1, -1], b = 0.5: scores 0, -1.5, 2.5, -0.5"""
    X = np.array([[1.0, 1.5], [1.0, 3.0], [3.0, 1.0], [0.0, 1.0]])
    return m.predict_linear_svm(np.array([1.0, -1.0]), 0.5, X)


@hidden(expected=(np.zeros(3), 0.0))
def zero_iterations(m):
    X, y = _blobs(1, 8, 3)
    return m.fit_linear_svm(X, y, lam=0.1, lr=0.3, n_iters=0)


@_expected_from_model(hidden)
def three_steps(m):
    """exactly three updates from zero"""
    X, y = _blobs(2, 15, 3)
    return m.fit_linear_svm(X, y, lam=0.05, lr=0.2, n_iters=3)


@_expected_from_model(hidden)
def bias_is_not_regularised(m):
    """data shifted by +6 with a strong lam: shrinking b as well changes the answer"""
    X, y = _blobs(3, 30, 2, shift=6.0)
    return m.fit_linear_svm(X, y, lam=0.5, lr=0.05, n_iters=200)


@_expected_from_model(hidden)
def both_gradients_from_the_same_margins(m):
    """big steps on shifted data, where recomputing margins after moving w changes grad_b"""
    X, y = _blobs(4, 20, 2, sep=1.0, shift=2.0)
    return m.fit_linear_svm(X, y, lam=0.1, lr=0.9, n_iters=6)


@hidden(expected=[(np.array([0.75, 0.75]), 0.0), (np.array([1.0, 1.0]), 0.0), (np.array([1.0, 1.0]), 0.0)])
def margins_reach_one_and_stop_pulling(m):
    """four unit points, lam = 0, lr = 0.5: w grows by 0.25 per step until every margin is exactly 1"""
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    y = np.array([1, 1, -1, -1])
    return [m.fit_linear_svm(X, y, lam=0.0, lr=0.5, n_iters=k) for k in (3, 4, 7)]


@_expected_from_model(hidden)
def separable_data_keeps_shrinking(m):
    """well separated classes: after a while no row is active and only lam * w acts"""
    X, y = _blobs(5, 40, 3, sep=8.0)
    return m.fit_linear_svm(X, y, lam=0.2, lr=0.1, n_iters=300)


@_expected_from_model(hidden)
def predictions_on_the_boundary(m):
    """integer grid with w = [2, -1], b = -1: every point with 2 x - y = 1 scores exactly 0"""
    grid = np.array([[x, y] for x in range(-3, 4) for y in range(-3, 4)], dtype=float)
    return m.predict_linear_svm(np.array([2.0, -1.0]), -1.0, grid)


@_expected_from_model(hidden)
def larger_random_problem_with_predictions(m):
    """400 rows, 6 features, overlapping classes, 400 steps; then predictions on 100 new rows"""
    X, y = _blobs(6, 400, 6, sep=1.0)
    X_test, _ = _blobs(7, 100, 6, sep=1.0)
    w, b = m.fit_linear_svm(X, y, lam=0.01, lr=0.1, n_iters=400)
    return w, b, m.predict_linear_svm(w, b, X_test)


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    X, y = _blobs(8, 10, 2)
    w, b = m.fit_linear_svm(X, y, lam=0.1, lr=0.1, n_iters=20)
    m.predict_linear_svm(w, b, X)
    return X, y, w


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_autograd(solution):
    import torch

    for seed, lam, lr, steps in [(6, 0.01, 0.1, 60), (3, 0.5, 0.05, 40), (4, 0.1, 0.9, 6)]:
        X, y = _blobs(seed, 50, 3, shift=1.0)
        Xt, yt = torch.tensor(X), torch.tensor(y, dtype=torch.float64)
        w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
        b = torch.zeros((), dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([w, b], lr=lr)
        for _ in range(steps):
            opt.zero_grad()
            # relu'(0) = 0 in torch: a margin of exactly 1 is inactive, as in the contract.
            loss = lam / 2 * (w @ w) + torch.relu(1 - yt * (Xt @ w + b)).mean()
            loss.backward()
            opt.step()
        got_w, got_b = solution.fit_linear_svm(X, y, lam=lam, lr=lr, n_iters=steps)
        np.testing.assert_allclose(got_w, w.detach().numpy(), rtol=1e-10, atol=1e-12)
        assert abs(got_b - b.item()) < 1e-10


def test_approaches_the_convex_optimum(solution):
    from scipy.optimize import minimize

    X, y = _blobs(9, 80, 2, sep=2.0)
    lam = 0.1

    def objective(theta):
        return lam / 2 * theta[:2] @ theta[:2] + np.maximum(0, 1 - y * (X @ theta[:2] + theta[2])).mean()

    best = minimize(objective, np.zeros(3), method="Powell", options={"xtol": 1e-10, "ftol": 1e-12}).fun
    w, b = solution.fit_linear_svm(X, y, lam=lam, lr=0.05, n_iters=5000)
    assert objective(np.append(w, b)) - best < 1e-3
