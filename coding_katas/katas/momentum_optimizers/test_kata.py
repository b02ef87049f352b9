import numpy as np

from coding_katas.scenarios import hidden, sample

# Every expected trajectory below was produced by torch.optim (float64) on the same gradients
# (test_matches_torch_optim repeats the check on other settings).
A = np.array([[3.0, 0.5], [0.5, 1.0]])
C = np.array([1.0, -2.0])


def quadratic(p):
    """gradient of 0.5 p.A.p - c.p"""
    return A @ p - C


def quartic(p):
    """gradient of sum(p**4 / 4 - p**2): a double well per coordinate"""
    return p ** 3 - 2 * p


@sample(expected=np.array([[2.0, 2.0], [1.4, 1.5], [0.4649999999999999, 0.63], [-0.44749999999999995, -0.43925],
                           [-1.0125374999999999, -1.535275], [-1.0405462499999998, -2.517543125]]))
def heavy_ball_momentum(m):
    """sgd_momentum on the quadratic from [2, 2]: 5 steps, lr 0.1, momentum 0.9"""
    return m.sgd_momentum(np.array([2.0, 2.0]), quadratic, 5, lr=0.1, momentum=0.9)


@sample(expected=np.array([[2.0, 2.0], [0.8599999999999999, 1.05], [-0.025950000000000056, -0.016200000000000096],
                           [-0.4275245000000001, -1.0370367500000002], [-0.35446959375000003, -1.9207637650000002],
                           [0.033701779237500076, -2.63007026174375]]))
def nesterov(m):
    """the same with nesterov=True"""
    return m.sgd_momentum(np.array([2.0, 2.0]), quadratic, 5, lr=0.1, momentum=0.9, nesterov=True)


@sample(expected=np.array([[2.0, 2.0], [1.5000000000083333, 1.50000000001], [1.210991329620736, 1.1761757899665377],
                           [1.0103599201928666, 0.926523340634668], [0.8619917673657085, 0.720168504364241],
                           [0.7492191606384405, 0.5429801009613112]]))
def adagrad_quadratic(m):
    """adagrad on the quadratic from [2, 2]: 5 steps, lr 0.5"""
    return m.adagrad(np.array([2.0, 2.0]), quadratic, 5, lr=0.5)


@hidden(expected=np.array([[1.5, -0.5], [1.4000000266666597, -0.5999999885714299],
                           [1.4148423246214898, -0.6748938794863822], [1.4141719422393126, -0.7372381232892131],
                           [1.4142165092201635, -0.7914679294751317], [1.4142133376795896, -0.8397818875643956],
                           [1.414213580723159, -0.8834678272832973]]))
def rmsprop_defaults(m):
    """rmsprop on the quartic from [1.5, -0.5]: 6 steps, lr 0.01, alpha 0.99"""
    return m.rmsprop(np.array([1.5, -0.5]), quartic, 6, lr=0.01)


@hidden(expected=np.array([[1.5, -0.5], [1.4666666696296293, -0.5333333320634921],
                           [1.431557719100246, -0.5760211918201973], [1.4078102447512901, -0.6208413626642013],
                           [1.398227243080127, -0.6655638298737606], [1.3991207426314267, -0.7096648685474165],
                           [1.4050231656413543, -0.753194062228585], [1.411437940411205, -0.7963605796224673],
                           [1.4157501447741798, -0.8393827802544044]]))
def rmsprop_centered_with_momentum(m):
    """rmsprop, 8 steps, lr 0.01, alpha 0.9, momentum 0.5, centered"""
    return m.rmsprop(np.array([1.5, -0.5]), quartic, 8, lr=0.01, alpha=0.9, momentum=0.5, centered=True)


@hidden(expected=np.array([[0.3, -0.2, 1.0], [0.3804202873190592, -0.27119306108896424, 1.0913719988157784],
                           [0.45242808879667856, -0.3396864159929452, 1.1580474773760225],
                           [0.5197046445515061, -0.4062066990031231, 1.2119684229346177],
                           [0.5835734605072802, -0.4708176050638197, 1.2569849634079127],
                           [0.6446893003898453, -0.5335311227764953, 1.2947701917687842]]))
def rmsprop_large_eps(m):
    """rmsprop with eps = 0.1, alpha 0.8, lr 0.05: eps inside the square root would change every step"""
    return m.rmsprop(np.array([0.3, -0.2, 1.0]), quartic, 5, lr=0.05, alpha=0.8, eps=0.1)


@hidden(expected=np.array([[2.0, -1.0], [1.745, -1.085], [1.3302, -1.2261], [0.8595295, -1.3925385],
                           [0.42598419499999995, -1.5566625349999998], [0.09777712219999994, -1.6974283031],
                           [-0.08848605362550008, -1.8021525059335]]))
def momentum_with_weight_decay(m):
    """sgd_momentum, 6 steps, lr 0.05, momentum 0.8, weight_decay 0.3"""
    return m.sgd_momentum(np.array([2.0, -1.0]), quadratic, 6, lr=0.05, momentum=0.8, weight_decay=0.3)


@hidden(expected=np.array([[1.2, -0.3, 0.05], [1.2561, -0.34845, 0.058446875],
                           [1.316281341269115, -0.41775914651840435, 0.07075088058682957],
                           [1.369085266461909, -0.5079535237346222, 0.0872372557640941],
                           [1.4076427531790834, -0.6193246523656646, 0.10856206492367244],
                           [1.43011544250201, -0.7510596099512593, 0.1356911104343684],
                           [1.4387117178191489, -0.8994825249130197, 0.16990466748581085],
                           [1.4377236443629484, -1.0561848523503405, 0.2128131856775665],
                           [1.4316389942712424, -1.2072050243984598, 0.2663650581870769]]))
def nesterov_nonconvex_with_weight_decay(m):
    """Nesterov on the quartic, 8 steps, lr 0.05, momentum 0.7, weight_decay 0.01"""
    return m.sgd_momentum(np.array([1.2, -0.3, 0.05]), quartic, 8, lr=0.05, momentum=0.7, nesterov=True,
                          weight_decay=0.01)


@hidden(expected=np.array([[1.5, -0.5], [1.3000000000177778, -0.699999999968], [1.257110460129852, -0.8498438032700643],
                           [1.2396431843509985, -0.9645857457748169], [1.2317763786255995, -1.0506717440745612],
                           [1.228099468975449, -1.1126678056838952], [1.2263532064249114, -1.1551023759881944]]))
def adagrad_with_weight_decay(m):
    """adagrad on the quartic, 6 steps, lr 0.2, weight_decay 0.5"""
    return m.adagrad(np.array([1.5, -0.5]), quartic, 6, lr=0.2, weight_decay=0.5)


@hidden(expected=np.array([[2.0, 2.0], [0.7999999999999999, 1.0], [0.41999999999999993, 0.32],
                           [0.33599999999999997, -0.18600000000000008], [0.353, -0.5824000000000001]]))
def plain_sgd(m):
    """sgd_momentum with momentum 0: lr 0.2, 4 steps"""
    return m.sgd_momentum(np.array([2.0, 2.0]), quadratic, 4, lr=0.2)


@hidden(expected=np.array([[0.0, 1.0], [0.0, 1.29999999997], [0.0, 1.4121364540590473],
                           [0.0, 1.4144431517827125], [0.0, 1.414187560304266]]))
def adagrad_zero_gradient_component(m):
    """adagrad from [0, 1] on the quartic: the first coordinate's gradient is 0 at every step"""
    return m.adagrad(np.array([0.0, 1.0]), quartic, 4, lr=0.3)


@hidden(expected=[np.array([[1.0, -1.0], [0.5, 2.0]]), 3])
def param_not_modified_and_one_call_per_step(m):
    """a (2, 2) parameter: it is unchanged afterwards, and grad_fn is called once per step"""
    p = np.array([[1.0, -1.0], [0.5, 2.0]])
    calls = []

    def grad(q):
        calls.append(1)
        return q ** 3 - 2 * q

    m.rmsprop(p, grad, 1, lr=0.01, momentum=0.9)
    m.sgd_momentum(p, grad, 1, lr=0.1, momentum=0.9, nesterov=True)
    m.adagrad(p, grad, 1, lr=0.1)
    return [p, len(calls)]


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_optim(solution):
    import torch

    def torch_path(opt_cls, p0, grad_fn, n, **kw):
        p = torch.tensor(p0, requires_grad=True)
        opt = opt_cls([p], **kw)
        out = [p0.copy()]
        for _ in range(n):
            p.grad = torch.tensor(grad_fn(p.detach().numpy().copy()))
            opt.step()
            out.append(p.detach().numpy().copy())
        return np.stack(out)

    p0 = np.random.default_rng(0).normal(size=(3, 2))
    runs = [(torch.optim.SGD, solution.sgd_momentum, dict(lr=0.03, momentum=0.95, nesterov=True, weight_decay=0.1)),
            (torch.optim.SGD, solution.sgd_momentum, dict(lr=0.03, momentum=0.5)),
            (torch.optim.Adagrad, solution.adagrad, dict(lr=0.1, eps=1e-3, weight_decay=0.2)),
            (torch.optim.RMSprop, solution.rmsprop, dict(lr=0.02, alpha=0.95, eps=1e-4, momentum=0.3, centered=True)),
            (torch.optim.RMSprop, solution.rmsprop, dict(lr=0.02, momentum=0.9))]
    for opt_cls, ours, kw in runs:
        np.testing.assert_allclose(ours(p0, quartic, 15, **kw), torch_path(opt_cls, p0, quartic, 15, **kw),
                                   rtol=1e-12, atol=1e-14)
