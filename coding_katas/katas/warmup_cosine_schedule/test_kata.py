import math
from types import SimpleNamespace

from coding_katas.scenarios import hidden, sample


def _phases(step, base_lr, warmup_steps, total_steps, min_lr=0.0):
    """Independent model: the three phases checked in the prompt's order, cosine of pi * progress."""
    if step < 0 or warmup_steps < 0 or total_steps < warmup_steps:
        raise ValueError("invalid schedule")
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    if step >= total_steps:
        return min_lr
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * progress)) / 2


_MODEL = SimpleNamespace(warmup_cosine_lr=_phases)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _error_name(call):
    try:
        call()
    except ValueError:
        return "ValueError"
    return "no error"


def _curve(m, steps, **kw):
    return [m.warmup_cosine_lr(t, **kw) for t in steps]


_C = math.cos(math.pi / 4)


@sample(expected=[0.0, 0.5, 1.0, 0.1 + 0.45 * (1 + _C), 0.55, 0.1 + 0.45 * (1 - _C), 0.1, 0.1])
def prompt_example(m):
    """steps 0..7 with base_lr = 1, warmup_steps = 2, total_steps = 6, min_lr = 0.1"""
    return _curve(m, range(8), base_lr=1.0, warmup_steps=2, total_steps=6, min_lr=0.1)


@sample(expected=[3e-4, 3e-4 * 0.5 * (1 + _C), 1.5e-4, 3e-4 * 0.5 * (1 - _C), 0.0, 0.0])
def no_warmup_default_min_lr(m):
    """steps 0..5 with base_lr = 3e-4, warmup_steps = 0, total_steps = 4 (min_lr defaults to 0)"""
    return _curve(m, range(6), base_lr=3e-4, warmup_steps=0, total_steps=4)


@sample(expected=[0.0, 0.02, 0.18, 0.2, 0.11, 0.02, 0.02])
def boundary_steps(m):
    """steps 0, 1, 9, 10 (= W), 60 (midpoint), 110 (= T), 5000 with base_lr = 0.2, W = 10, T = 110, min_lr = 0.02"""
    return _curve(m, [0, 1, 9, 10, 60, 110, 5000], base_lr=0.2, warmup_steps=10, total_steps=110, min_lr=0.02)


@hidden(expected=[0.0, 0.25, 0.5, 0.75, 0.05, 0.05, 0.05])
def warmup_equals_total(m):
    """W = T = 4, base_lr = 1, min_lr = 0.05: ramp for steps 0..3, then min_lr"""
    return _curve(m, range(7), base_lr=1.0, warmup_steps=4, total_steps=4, min_lr=0.05)


@hidden(expected=[0.01, 0.01, 0.01])
def zero_total_steps(m):
    """W = T = 0: min_lr at every step"""
    return _curve(m, [0, 1, 100], base_lr=1.0, warmup_steps=0, total_steps=0, min_lr=0.01)


@_expected_from_model(hidden)
def one_step_warmup_one_step_decay(m):
    """W = 1, T = 2: steps 0..3"""
    return _curve(m, range(4), base_lr=0.5, warmup_steps=1, total_steps=2, min_lr=0.1)


@_expected_from_model(hidden)
def never_rises_after_total(m):
    """W = 5, T = 25, steps 20..60: the floor holds after T"""
    return _curve(m, range(20, 61), base_lr=1e-3, warmup_steps=5, total_steps=25, min_lr=1e-5)


@_expected_from_model(hidden)
def min_lr_equals_base_lr(m):
    """min_lr = base_lr: flat after the warmup"""
    return _curve(m, range(0, 12), base_lr=0.3, warmup_steps=3, total_steps=9, min_lr=0.3)


@hidden(expected=["ValueError", "ValueError", "ValueError", "no error"])
def invalid_arguments_raise(m):
    """step -1; warmup_steps -1; total_steps < warmup_steps; a valid call"""
    return [_error_name(lambda: m.warmup_cosine_lr(-1, 1.0, 2, 10)),
            _error_name(lambda: m.warmup_cosine_lr(0, 1.0, -1, 10)),
            _error_name(lambda: m.warmup_cosine_lr(3, 1.0, 10, 5)),
            _error_name(lambda: m.warmup_cosine_lr(3, 1.0, 2, 10))]


@_expected_from_model(hidden)
def long_schedule(m):
    """W = 2000, T = 100000, base_lr = 6e-4, min_lr = 6e-5, every 997th step up to 110000"""
    return _curve(m, range(0, 110_001, 997), base_lr=6e-4, warmup_steps=2000, total_steps=100_000, min_lr=6e-5)


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_lambda_lr(solution):
    import torch

    base, w, total, floor = 0.4, 7, 40, 0.04

    def factor(t):
        if t < w:
            return t / w
        if t >= total:
            return floor / base
        return (floor + 0.5 * (base - floor) * (1 + math.cos(math.pi * (t - w) / (total - w)))) / base

    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, factor)
    for t in range(60):
        assert abs(solution.warmup_cosine_lr(t, base, w, total, floor) - opt.param_groups[0]["lr"]) < 1e-12
        opt.step()
        sched.step()


def test_monotone_and_bounded(solution):
    lrs = [solution.warmup_cosine_lr(t, 1.0, 10, 50, 0.2) for t in range(70)]
    assert all(a < b for a, b in zip(lrs[:10], lrs[1:11], strict=True))
    assert all(a >= b for a, b in zip(lrs[10:], lrs[11:], strict=False))
    assert max(lrs) == 1.0 and min(lrs[10:]) == 0.2
