import warnings

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _elementwise_sim, written separately: it converts one element at a time
# with NumPy scalar types (np.float16(np.float32(g) * np.float32(scale))) and keeps the scale/tracker update as
# an explicit state machine. The update rule is also checked against torch's own _amp_update_scale_ kernel
# (what GradScaler.update calls) below (plain pytest only).


def _elementwise_sim(grads, init_scale=65536.0, growth=2.0, backoff=0.5, interval=2000):
    state = {"scale": float(init_scale), "tracker": 0}
    out = {"scales": [], "skipped": [], "grads": []}
    for g in grads:
        s32 = np.float32(state["scale"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            halves = [np.float16(np.float32(v) * s32) for v in np.asarray(g, dtype=np.float64).ravel()]
        overflow = any(not np.isfinite(h) for h in halves)
        out["scales"].append(state["scale"])
        out["skipped"].append(overflow)
        if overflow:
            out["grads"].append(None)
            state = {"scale": state["scale"] * backoff, "tracker": 0}
        else:
            out["grads"].append(np.array([np.float32(h) / s32 for h in halves], dtype=np.float32).reshape(np.shape(g)))
            tracker = state["tracker"] + 1
            state = {"scale": state["scale"] * growth, "tracker": 0} if tracker == interval else \
                {"scale": state["scale"], "tracker": tracker}
    out["final_scale"], out["growth_tracker"] = state["scale"], state["tracker"]
    return out


EXAMPLE = [np.array([1e-8, 2.0]), np.array([1.0]), np.array([0.5])]


@sample(expected={"scales": [65536.0, 32768.0, 65536.0], "skipped": [True, False, False],
                  "grads": [None, np.array([1.0], dtype=np.float32), np.array([0.5], dtype=np.float32)],
                  "final_scale": 131072.0, "growth_tracker": 0})
def prompt_example(m):
    """an overflow at 65536, then two good steps with growth_interval 1"""
    return m.loss_scaling(EXAMPLE, init_scale=65536.0, growth_interval=1)


@sample(expected={"scales": [1.0, 1.0], "skipped": [False, False],
                  "grads": [np.array([0.0, 0.0], dtype=np.float32), np.array([0.0], dtype=np.float32)],
                  "final_scale": 1.0, "growth_tracker": 2})
def no_scaling_loses_small_gradients(m):
    """scale 1: 1e-8 and 2e-8 are below float16's smallest subnormal (6e-8) and flush to 0"""
    return m.loss_scaling([np.array([1e-8, -2e-8]), np.array([2e-8])], init_scale=1.0)


SMALL = [np.array([1e-8, -3.3e-7, 4e-5])]


@sample(expected=_elementwise_sim(SMALL, init_scale=32768.0))
def scaling_keeps_them(m):
    """scale 32768: the same tiny gradients survive the float16 round trip"""
    return m.loss_scaling(SMALL, init_scale=32768.0)


NAN = [np.array([1.0, np.nan]), np.array([0.25, -0.5])]


@hidden(expected={"scales": [1024.0, 512.0], "skipped": [True, False],
                  "grads": [None, np.array([0.25, -0.5], dtype=np.float32)], "final_scale": 512.0,
                  "growth_tracker": 1})
def nan_is_skipped_like_inf(m):
    """a nan in the gradient skips the step and backs off the scale"""
    return m.loss_scaling(NAN, init_scale=1024.0)


BURSTS = [np.array([v]) for v in (3.0, 5.0, 9.0, 1e-3, 2.0)]


@hidden(expected=_elementwise_sim(BURSTS, init_scale=2.0**20))
def overflows_in_a_row(m):
    """scale 2^20: the first gradients overflow until the scale has halved enough"""
    return m.loss_scaling(BURSTS, init_scale=2.0**20)


def _steps(seed, n, spread):
    rng = np.random.default_rng(seed)
    return [rng.normal(0, 1, size=(3, 4)) * 10.0 ** rng.uniform(-spread, 1.5) for _ in range(n)]


RANDOM = _steps(1, 40, 9)


@hidden(expected=_elementwise_sim(RANDOM, init_scale=4096.0, growth=2.0, backoff=0.5, interval=5))
def growth_and_backoff_over_forty_steps(m):
    """40 steps of (3, 4) gradients spanning 1e-9 to 30, growth_interval 5: overflows reset the count"""
    return m.loss_scaling(RANDOM, init_scale=4096.0, growth_interval=5)


CUSTOM = _steps(2, 25, 6)


@hidden(expected=_elementwise_sim(CUSTOM, init_scale=100.0, growth=3.0, backoff=0.25, interval=3))
def custom_factors(m):
    """growth factor 3, backoff 0.25, growth_interval 3, an initial scale that is not a power of 2"""
    return m.loss_scaling(CUSTOM, init_scale=100.0, growth_factor=3.0, backoff_factor=0.25, growth_interval=3)


@hidden(expected={"scales": [8.0, 8.0, 8.0], "skipped": [False, False, False],
                  "grads": [np.zeros(2, dtype=np.float32)] * 3, "final_scale": 8.0, "growth_tracker": 0})
def growth_counter_wraps(m):
    """three good steps with growth_interval 3 and growth factor 1: the counter wraps to 0, the scale stays 8"""
    return m.loss_scaling([np.zeros(2)] * 3, init_scale=8.0, growth_factor=1.0, growth_interval=3)


@hidden(expected=[a.copy() for a in NAN])
def inputs_not_modified(m):
    grads = [a.copy() for a in NAN]
    m.loss_scaling(grads, init_scale=1024.0)
    return grads


# Independent checks of the reference itself (plain pytest only).
def test_update_rule_matches_torch_amp_update_scale(solution):
    import torch

    grads = _steps(3, 30, 8)
    out = solution.loss_scaling(grads, init_scale=2048.0, growth_factor=2.0, backoff_factor=0.5, growth_interval=4)
    scale, tracker = torch.tensor([2048.0]), torch.tensor([0], dtype=torch.int32)
    for i, skipped in enumerate(out["skipped"]):
        assert out["scales"][i] == scale.item()
        torch._amp_update_scale_(scale, tracker, torch.tensor([float(skipped)]), 2.0, 0.5, 4)
    assert out["final_scale"] == scale.item() and out["growth_tracker"] == tracker.item()
    assert any(out["skipped"]) and not all(out["skipped"])
