import math

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand; scikit-learn 1.9's GaussianProcessRegressor with fixed hyper-parameters
# (ConstantKernel(signal_var) * RBF(length_scale), alpha=noise_var, optimizer=None), pasted as literals;
# and _dense_gp, which uses explicit pairwise differences, np.linalg.solve and slogdet (no Cholesky).


def _dense_gp(X, y, X_star, length_scale, signal_var, noise_var):
    def k(A, B):
        diff = (A[:, None, :] - B[None, :, :]) / np.asarray(length_scale, dtype=float)
        return signal_var * np.exp(-0.5 * (diff ** 2).sum(-1))

    K = k(X, X) + noise_var * np.eye(len(X))
    K_s = k(X, X_star)
    mean = K_s.T @ np.linalg.solve(K, y)
    var = signal_var - np.einsum("ij,ij->j", K_s, np.linalg.solve(K, K_s))
    lml = -0.5 * y @ np.linalg.solve(K, y) - 0.5 * np.linalg.slogdet(K)[1] - 0.5 * len(X) * math.log(2 * math.pi)
    return mean, var, lml


def _sine(seed):
    rng = np.random.default_rng(seed)
    X = np.sort(rng.uniform(-3, 3, size=(8, 1)), axis=0)
    return X, np.sin(2 * X[:, 0]) + 0.1 * rng.normal(size=8)


@sample(expected=(np.array([0.7973531649569836, 0.0]), np.array([0.08693773725783205, 0.08727009545489352]),
                  -3.778429370098155))
def prompt_example(m):
    """X = [0, 1], y = [1, -1], test [0, 0.5], length 1, signal 1, noise 0.1 (values from scikit-learn)"""
    return m.gp_posterior(np.array([[0.0], [1.0]]), np.array([1.0, -1.0]), np.array([[0.0], [0.5]]), 1.0, 1.0, 0.1)


@sample(expected=(np.array([1.6, 0.0]), np.array([0.4, 2.0]),
                  -0.5 * 2.0 * 0.8 - 0.5 * math.log(2.5) - 0.5 * math.log(2 * math.pi)))
def one_point_and_a_far_point(m):
    """one training point x=0, y=2; signal 2, noise 0.5: K = 2.5, alpha = 0.8, mean 2 * 0.8, var 2 - 4 / 2.5;
    at x=100 the posterior is the prior (mean 0, var 2)"""
    return m.gp_posterior(np.array([[0.0]]), np.array([2.0]), np.array([[0.0], [100.0]]), 1.0, 2.0, 0.5)


X_SINE, Y_SINE = _sine(1)


@sample(expected=(np.array([0.0852799744781205, 0.692198535732947, 0.796283925390714, -0.88719147645579,
                            -0.04704390864970298, 0.22865801837238264, -0.7439030733698866, -0.6077276845191166,
                            -0.1013586868601668]),
                  np.array([1.4905024151315844, 0.9180638735984665, 0.02113082023949353, 0.008703163509191645,
                            0.008370190368541586, 0.49614253454319696, 0.010139486692171573, 0.12089933363542739,
                            1.3446472884004836]), -4.934114859751302))
def noisy_sine_1d(m):
    """8 noisy samples of sin(2x) on [-3, 3], 9 test points on [-4, 4]; length 0.8, signal 1.5, noise 0.01"""
    return m.gp_posterior(X_SINE, Y_SINE, np.linspace(-4, 4, 9)[:, None], 0.8, 1.5, 0.01)


_rng = np.random.default_rng(2)
X_2D = _rng.uniform(-2, 2, size=(15, 2))
Y_2D = X_2D[:, 0] ** 2 - np.cos(X_2D[:, 1]) + 0.05 * _rng.normal(size=15)
XS_2D = _rng.uniform(-2.5, 2.5, size=(6, 2))


@hidden(expected=(np.array([-0.2687140467694302, 2.26563785643918, 0.339764952625562, -0.12903956145441509,
                            2.4337255599290057, 1.6076876042781787]),
                  np.array([0.027434143313237458, 0.06675055622349957, 1.9225765385505305, 0.3766760932441518,
                            0.49468550623597585, 1.0339129944849548]), -16.223152538633006))
def two_dims_anisotropic(m):
    """15 points in 2-D, length scales [0.5, 2.0], signal 2, noise 0.05 (scikit-learn)"""
    return m.gp_posterior(X_2D, Y_2D, XS_2D, np.array([0.5, 2.0]), 2.0, 0.05)


X_TR, Y_TR = _sine(3)


@hidden(expected=(np.array([1.075503857606435, -0.022432512313088182, -0.493133028439547]),
                  np.array([0.0005883446873043985, 0.0009315500876435624, 0.0009982569776838535]),
                  -48.906973006891306))
def test_points_are_training_points(m):
    """predict at three training inputs with noise 1e-3: the latent variance is below the noise (scikit-learn)"""
    return m.gp_posterior(X_TR, Y_TR, X_TR[[0, 3, 7]], 1.0, 1.0, 1e-3)


@hidden(expected=(np.array([0.005747906641710376, -0.0025294282622312686, -0.003109768623537461]),
                  np.array([0.9752248568089866, 0.9731783505160218, 0.9936913807437086]), -25.83442867126482))
def huge_noise_stays_near_prior(m):
    """noise variance 100: the posterior barely moves from N(0, 1) (scikit-learn)"""
    return m.gp_posterior(X_TR, Y_TR, np.array([[-1.0], [0.0], [2.5]]), 1.0, 1.0, 100.0)


_rng3 = np.random.default_rng(4)
X_3D = _rng3.normal(size=(30, 3))
Y_3D = np.tanh(X_3D @ np.array([1.0, -0.5, 2.0])) + 0.1 * _rng3.normal(size=30)
XS_3D = _rng3.normal(size=(12, 3)) * 1.5


@hidden(expected=_dense_gp(X_3D, Y_3D, XS_3D, np.array([1.5, 3.0, 0.7]), 0.8, 0.02))
def three_dims_thirty_points(m):
    """30 points in 3-D, length scales [1.5, 3, 0.7], signal 0.8, noise 0.02, 12 test points"""
    return m.gp_posterior(X_3D, Y_3D, XS_3D, np.array([1.5, 3.0, 0.7]), 0.8, 0.02)


@hidden(expected=_dense_gp(X_3D[:10], Y_3D[:10], XS_3D[:4], 2.0, 3.0, 0.3))
def scalar_length_scale_in_3d(m):
    """one length scale (2.0) shared by all three dimensions, signal 3, noise 0.3"""
    return m.gp_posterior(X_3D[:10], Y_3D[:10], XS_3D[:4], 2.0, 3.0, 0.3)


@hidden(expected=[X_2D.copy(), Y_2D.copy(), XS_2D.copy()])
def inputs_not_modified(m):
    X, y, Xs = X_2D.copy(), Y_2D.copy(), XS_2D.copy()
    m.gp_posterior(X, y, Xs, np.array([0.5, 2.0]), 2.0, 0.05)
    return [X, y, Xs]


# Independent checks of the reference itself (plain pytest only).
def test_matches_sklearn(solution):
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel

    for seed, ls, sf, sn in ((11, 1.0, 1.0, 0.1), (12, np.array([0.3, 1.2, 2.0]), 2.5, 0.01)):
        rng = np.random.default_rng(seed)
        X, Xs = rng.normal(size=(25, 3)), rng.normal(size=(7, 3))
        y = np.sin(X).sum(1) + 0.1 * rng.normal(size=25)
        kernel = ConstantKernel(sf, "fixed") * RBF(ls, "fixed")
        gp = GaussianProcessRegressor(kernel, alpha=sn, optimizer=None).fit(X, y)
        mu, sd = gp.predict(Xs, return_std=True)
        mean, var, lml = solution.gp_posterior(X, y, Xs, ls, sf, sn)
        np.testing.assert_allclose(mean, mu, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(var, sd ** 2, rtol=1e-8, atol=1e-12)
        assert abs(lml - gp.log_marginal_likelihood_value_) < 1e-9
