import random

from coding_katas.scenarios import hidden, sample

# Expected values below were computed with torch.float64 autograd on the same expressions
# (test_matches_torch repeats the check on random inputs).


def _result(out, leaves):
    out.backward()
    return [out.data] + [leaf.grad for leaf in leaves]


@sample(expected=[-8.0, 6.0, -4.0, -2.0, 4.0])
def prompt_example(m):
    """L = (a * b + c) * f with a=2, b=-3, c=10, f=-2: [L, a.grad, b.grad, c.grad, f.grad]"""
    a, b, c, f = m.Value(2.0), m.Value(-3.0), m.Value(10.0), m.Value(-2.0)
    return _result((a * b + c) * f, [a, b, c, f])


@sample(expected=[18.0, 9.0])
def reused_node_accumulates(m):
    """x = 3: y = x * x + x + x * 2 uses x four times: [y, x.grad]"""
    x = m.Value(3.0)
    return _result(x * x + x + x * 2, [x])


@sample(expected=[0.7071067811865476, -1.5, 0.5, 1.0, 0.0, 0.5])
def tanh_neuron(m):
    """tanh(x1*w1 + x2*w2 + b), x1=2, x2=0, w1=-3, w2=1, b=6.8813735870195432: [out, x1, x2, w1, w2, b grads]"""
    x1, x2, w1, w2, b = (m.Value(v) for v in (2.0, 0.0, -3.0, 1.0, 6.8813735870195432))
    return _result((x1 * w1 + x2 * w2 + b).tanh(), [x1, x2, w1, w2, b])


@hidden(expected=[-4.412555555555556, -1.3305925925925925, -9.91125])
def powers_and_division(m):
    """a / b + a**-2 - (a*a)**0.5 * b**3 + 3 / b with a = 1.5, b = -0.8"""
    a, b = m.Value(1.5), m.Value(-0.8)
    return _result(a / b + a ** -2 - (a * a) ** 0.5 * b ** 3 + 3 / b, [a, b])


@hidden(expected=[2.6, 2.0, 0.7, -1.0])
def relu_at_zero_has_zero_gradient(m):
    """relu(p)*2 + relu(z)*5 + relu(n)*7 + relu(p*z - n) with p = 0.7, z = 0.0, n = -1.2"""
    p, z, n = m.Value(0.7), m.Value(0.0), m.Value(-1.2)
    return _result(p.relu() * 2 + z.relu() * 5 + n.relu() * 7 + (p * z - n).relu(), [p, z, n])


@hidden(expected=[15.686666666666667, -37.991666666666674])
def numbers_on_either_side(m):
    """(2 + a) * (3 * a) - (1 - a) / (a - 1.5) + (-a) + 4 / a with a = 0.3"""
    a = m.Value(0.3)
    return _result((2 + a) * (3 * a) - (1 - a) / (a - 1.5) + (-a) + 4 / a, [a])


@hidden(expected=[1.1712294162142793, 5.422561808907289])
def diamond_needs_topological_order(m):
    """y = 2 * x; out = y * y + tanh(y) * y with x = 0.4"""
    x = m.Value(0.4)
    y = 2 * x
    return _result(y * y + y.tanh() * y, [x])


@hidden(expected=[11320992.07226173, 153526756.05789024])
def thirty_stacked_diamonds(m):
    """h = x = 0.3, then 30 times h = tanh(h) * h + h * 0.9"""
    x = m.Value(0.3)
    h = x
    for _ in range(30):
        h = h.tanh() * h + h * 0.9
    return _result(h, [x])


@hidden(expected=[10.0, 5.0, 2.0, 0.0])
def unused_leaf_keeps_zero_grad(m):
    """a * b with a = 2, b = 5; c = -1 is never used"""
    a, b, c = m.Value(2.0), m.Value(5.0), m.Value(-1.0)
    return _result(a * b, [a, b, c])


def _mlp_loss(value, seed=7):
    rng = random.Random(seed)
    W1 = [[value(rng.uniform(-1, 1)) for _ in range(3)] for _ in range(4)]
    b1 = [value(rng.uniform(-1, 1)) for _ in range(4)]
    W2 = [value(rng.uniform(-1, 1)) for _ in range(4)]
    b2 = value(rng.uniform(-1, 1))
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    loss = 0
    for xv, yv in zip(xs, ys, strict=True):
        h = [sum((W1[j][i] * xv[i] for i in range(3)), b1[j]).tanh() for j in range(4)]
        o = sum((W2[j] * h[j] for j in range(4)), b2).tanh()
        loss = loss + (o - yv) ** 2
    return loss / 4, [w for row in W1 for w in row] + b1 + W2 + [b2]


@hidden(expected=[1.0920746699147907, 0.3438601454673756, -0.04198078228820977, 0.12389859923787915,
                  -0.2278624498829433, -0.34252193904161926, 0.6744571876145495, -0.021447646811434046,
                  -0.028281956877092885, 0.019359985007481963, -0.21666408909574564, 0.08609299412558122,
                  -0.05220323483909561, 0.16859431310028708, 0.13092616304391452, -0.01151562724184079,
                  -0.06844673079781519, -0.03636936806313967, -0.28241184317041246, -0.5424994307408073,
                  -0.27055795380457026, 0.4983378573639326])
def mlp_mean_squared_error(m):
    """a 3-4-1 tanh MLP on four points, mean squared error: [loss, 21 parameter grads]"""
    loss, params = _mlp_loss(m.Value)
    return _result(loss, params)


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch(solution):
    import torch

    def tensor(v):
        return torch.tensor(float(v), dtype=torch.float64, requires_grad=True)

    for seed in range(5):
        loss, params = _mlp_loss(solution.Value, seed)
        loss.backward()
        t_loss, t_params = _mlp_loss(tensor, seed)
        t_loss.backward()
        assert abs(loss.data - t_loss.item()) < 1e-12
        for p, tp in zip(params, t_params, strict=True):
            assert abs(p.grad - tp.grad.item()) < 1e-12
