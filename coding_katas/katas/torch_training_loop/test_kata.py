from types import SimpleNamespace

import torch
from torch import nn

from coding_katas.scenarios import hidden, sample


def _gen(seed):
    return torch.Generator().manual_seed(seed)


def _init(model, seed, scale=0.5):
    """Deterministic initial weights (nn's own init draws from the global RNG)."""
    g = _gen(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=g) * scale)
    return model


def _blobs(seed, n, d, classes, spread=1.0):
    """n points around `classes` random centres in d dimensions; labels 0..classes-1."""
    g = _gen(seed)
    centres = torch.randn(classes, d, generator=g) * 2
    y = torch.randint(0, classes, (n,), generator=g)
    X = centres[y] + spread * torch.randn(n, d, generator=g)
    return X, y


def _mlp(seed, d, hidden, classes, batchnorm=False):
    layers = [nn.Linear(d, hidden)] + ([nn.BatchNorm1d(hidden)] if batchnorm else []) + [nn.ReLU(), nn.Linear(hidden, classes)]
    return _init(nn.Sequential(*layers), seed)


# Scenarios use these small optimizers with torch.optim's interface and update rules (the plain pytest
# check below compares them with torch.optim): building the first torch.optim optimizer in a process
# imports torch._dynamo, which takes seconds.
class SGD:
    """torch.optim.SGD: d = grad + weight_decay * p; buf = momentum * buf + d (buf = d at first); p -= lr * buf."""

    def __init__(self, params, lr, momentum=0.0, weight_decay=0.0):
        self.params = [p for p in params if p.requires_grad]
        self.lr, self.momentum, self.weight_decay = lr, momentum, weight_decay
        self.buffers = [None] * len(self.params)

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self):
        for i, p in enumerate(self.params):
            if p.grad is None:
                continue
            d = p.grad + self.weight_decay * p if self.weight_decay else p.grad
            if self.momentum:
                self.buffers[i] = d.clone() if self.buffers[i] is None else self.buffers[i].mul_(self.momentum).add_(d)
                d = self.buffers[i]
            p.sub_(self.lr * d)


class Adam:
    """torch.optim.Adam with its default betas (0.9, 0.999) and eps 1e-8."""

    def __init__(self, params, lr):
        self.params = [p for p in params if p.requires_grad]
        self.lr, self.t = lr, 0
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self):
        self.t += 1
        for p, m, v in zip(self.params, self.m, self.v, strict=True):
            if p.grad is None:
                continue
            m.mul_(0.9).add_(p.grad, alpha=0.1)
            v.mul_(0.999).addcmul_(p.grad, p.grad, value=0.001)
            denom = (v / (1 - 0.999 ** self.t)).sqrt_().add_(1e-8)
            p.sub_(self.lr / (1 - 0.9 ** self.t) * m / denom)


def _sgd(lr, momentum=0.0, weight_decay=0.0):
    return lambda params: SGD(params, lr=lr, momentum=momentum, weight_decay=weight_decay)


def _spec_loop(model, X, y, make_optimizer, epochs, batch_size, seed):
    """Independent model: the prompt's procedure written out step by step (losses summed in float64)."""
    g = torch.Generator().manual_seed(seed)
    opt = make_optimizer(model.parameters())
    N, losses = len(X), []
    for _ in range(epochs):
        model.train()
        order = torch.randperm(N, generator=g)
        total = 0.0
        for start in range(0, N, batch_size):
            idx = order[start:start + batch_size]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(X[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        losses.append(total / N)
    model.eval()
    with torch.no_grad():
        accuracy = (model(X).argmax(dim=1) == y).double().mean().item()
    return {"losses": losses, "accuracy": accuracy}


_MODEL = SimpleNamespace(train_classifier=_spec_loop)


def _on_one_thread(fn):
    """fn(_MODEL) with torch on one thread (then restored): tiny tensors, and two threads fighting over a
    shared machine made these expected values cost seconds at import."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return fn(_MODEL)
    finally:
        torch.set_num_threads(threads)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=_on_one_thread(fn))(fn)


@sample(expected={"losses": [0.5545729279518128, 0.33568710684776304, 0.24749251306056977], "accuracy": 1.0})
def prompt_example(m):
    """Linear(2, 2) from zero weights, 10 points, SGD lr 0.5, 3 epochs of batches 4, 4, 2, seed 0"""
    X = torch.randn(10, 2, generator=_gen(0))
    y = (X[:, 0] > 0).long()
    model = nn.Linear(2, 2)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    return m.train_classifier(model, X, y, _sgd(0.5), epochs=3, batch_size=4, seed=0)


@_expected_from_model(sample)
def mlp_with_sgd(m):
    """MLP 4-16-3 on 120 blob points, SGD lr 0.1, batch 32 (last batch 24), 6 epochs, seed 1"""
    X, y = _blobs(1, 120, 4, 3)
    return m.train_classifier(_mlp(2, 4, 16, 3), X, y, _sgd(0.1), epochs=6, batch_size=32, seed=1)


@_expected_from_model(sample)
def mlp_with_adam_and_final_weights(m):
    """MLP 3-8-2, Adam lr 0.01, batch 10, 4 epochs, seed 7: the result and the trained output layer"""
    X, y = _blobs(3, 50, 3, 2, spread=1.5)
    model = _mlp(4, 3, 8, 2)
    out = m.train_classifier(model, X, y, lambda p: Adam(p, lr=0.01), epochs=4, batch_size=10, seed=7)
    return [out, model[2].weight, model[2].bias]


@_expected_from_model(hidden)
def last_batch_is_kept_and_weighted(m):
    """N = 50, batch 16: batches of 16, 16, 16 and 2; the epoch loss weights each batch by its size"""
    X, y = _blobs(5, 50, 2, 2)
    model = _init(nn.Linear(2, 2), 6)
    out = m.train_classifier(model, X, y, _sgd(0.2), epochs=5, batch_size=16, seed=3)
    return [out, model.weight, model.bias]


@_expected_from_model(hidden)
def one_batch_per_epoch(m):
    """batch_size 100 >= N = 40: full-batch gradient descent"""
    X, y = _blobs(7, 40, 3, 3)
    model = _mlp(8, 3, 10, 3)
    out = m.train_classifier(model, X, y, _sgd(0.3), epochs=8, batch_size=100, seed=4)
    return [out, model[0].weight]


@_expected_from_model(hidden)
def zero_epochs(m):
    """epochs = 0: no step, the accuracy of the given model, and the optimizer is still built once"""
    X, y = _blobs(9, 30, 2, 3)
    calls = []

    def make(params):
        calls.append(1)
        return SGD(params, lr=0.1)

    model = _mlp(10, 2, 6, 3)
    out = m.train_classifier(model, X, y, make, epochs=0, batch_size=8, seed=0)
    return [out, len(calls), model[0].weight]


@_expected_from_model(hidden)
def optimizer_built_once_and_keeps_its_state(m):
    """SGD with momentum 0.9 and weight decay: the factory must be called exactly once"""
    X, y = _blobs(11, 64, 5, 4)
    calls = []

    def make(params):
        calls.append(1)
        return SGD(params, lr=0.05, momentum=0.9, weight_decay=1e-3)

    model = _mlp(12, 5, 12, 4)
    out = m.train_classifier(model, X, y, make, epochs=5, batch_size=16, seed=5)
    return [out, len(calls), model[2].weight]


@_expected_from_model(hidden)
def batchnorm_model_given_in_eval_mode(m):
    """an MLP with BatchNorm1d handed over in eval mode: train mode while training, eval mode at the end"""
    X, y = _blobs(13, 90, 4, 3)
    model = _mlp(14, 4, 12, 3, batchnorm=True).eval()
    out = m.train_classifier(model, X, y, _sgd(0.1, momentum=0.5), epochs=4, batch_size=20, seed=6)
    bn = model[1]
    return [out, bn.running_mean, bn.running_var, int(bn.num_batches_tracked), model.training]


@_expected_from_model(hidden)
def seed_controls_the_order(m):
    """the same data and model trained with seeds 21 and 22: different curves, each reproducible"""
    X, y = _blobs(15, 60, 3, 2, spread=2.0)
    runs = [m.train_classifier(_mlp(16, 3, 8, 2), X, y, _sgd(0.2), epochs=4, batch_size=7, seed=s) for s in (21, 22, 21)]
    return runs


@_expected_from_model(hidden)
def does_not_use_the_global_rng(m):
    """the global torch seed is changed before training and must not matter"""
    torch.manual_seed(1234)
    X, y = _blobs(17, 40, 2, 2)
    return m.train_classifier(_mlp(18, 2, 6, 2), X, y, _sgd(0.2), epochs=3, batch_size=9, seed=8)


@_expected_from_model(hidden)
def data_is_not_modified(m):
    X, y = _blobs(19, 30, 3, 3)
    X0, y0 = X.clone(), y.clone()
    m.train_classifier(_mlp(20, 3, 5, 3), X, y, _sgd(0.1), epochs=2, batch_size=8, seed=9)
    return [bool(torch.equal(X, X0)), bool(torch.equal(y, y0))]


@_expected_from_model(hidden)
def larger_run(m):
    """MLP 8-32-4 on 512 points, batch 32, 10 epochs (160 steps) with Adam"""
    X, y = _blobs(21, 512, 8, 4, spread=2.0)
    model = _mlp(22, 8, 32, 4)
    out = m.train_classifier(model, X, y, lambda p: Adam(p, lr=3e-3), epochs=10, batch_size=32, seed=10)
    return [out, model[2].weight]


# Independent check of the reference itself (plain pytest only).
def test_matches_numpy_softmax_regression(solution):
    import numpy as np

    X, y = _blobs(30, 70, 3, 3)
    model = _init(nn.Linear(3, 3), 31)
    W, b = model.weight.detach().double().numpy().copy(), model.bias.detach().double().numpy().copy()
    out = solution.train_classifier(model, X, y, _sgd(0.3), epochs=4, batch_size=16, seed=2)

    # The same procedure by hand in float64: softmax cross-entropy gradients and plain SGD.
    Xn, yn = X.double().numpy(), y.numpy()
    g = _gen(2)
    losses = []
    for _ in range(4):
        order = torch.randperm(70, generator=g).numpy()
        total = 0.0
        for start in range(0, 70, 16):
            idx = order[start:start + 16]
            logits = Xn[idx] @ W.T + b
            logits -= logits.max(axis=1, keepdims=True)
            P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
            total += -np.log(P[np.arange(len(idx)), yn[idx]]).sum()
            P[np.arange(len(idx)), yn[idx]] -= 1.0
            W -= 0.3 * P.T @ Xn[idx] / len(idx)
            b -= 0.3 * P.sum(axis=0) / len(idx)
        losses.append(total / 70)
    np.testing.assert_allclose(out["losses"], losses, rtol=1e-5)
    np.testing.assert_allclose(model.weight.detach().numpy(), W, rtol=1e-4, atol=1e-5)
    assert out["accuracy"] == np.mean((Xn @ W.T + b).argmax(axis=1) == yn)


def test_scenario_optimizers_match_torch_optim():
    for make_ours, make_torch in [
        (lambda p: SGD(p, lr=0.1, momentum=0.9, weight_decay=1e-2),
         lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=1e-2)),
        (lambda p: SGD(p, lr=0.2), lambda p: torch.optim.SGD(p, lr=0.2)),
        (lambda p: Adam(p, lr=0.01), lambda p: torch.optim.Adam(p, lr=0.01)),
    ]:
        a, b = _mlp(40, 3, 6, 2), _mlp(40, 3, 6, 2)
        opt_a, opt_b = make_ours(a.parameters()), make_torch(b.parameters())
        X, y = _blobs(41, 20, 3, 2)
        for _ in range(5):
            for model, opt in ((a, opt_a), (b, opt_b)):
                opt.zero_grad()
                nn.functional.cross_entropy(model(X), y).backward()
                opt.step()
        for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
            torch.testing.assert_close(pa, pb, rtol=1e-5, atol=1e-6)
