import math

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from scalar loops over the frequency index written from the formulas with
# math only (_loop_*). The Llama 3.1 reference is also compared with Meta's published rule, re-expressed in
# _published_llama31_rule (plain pytest only).


def _loop_default(dim, base):
    return np.array([1.0 / base ** (2 * i / dim) for i in range(dim // 2)])


def _loop_llama3(dim, base, factor, low_freq_factor, high_freq_factor, original_max_position):
    out = []
    for f in _loop_default(dim, base):
        wavelen = 2 * math.pi / f
        if wavelen < original_max_position / high_freq_factor:
            out.append(f)
        elif wavelen > original_max_position / low_freq_factor:
            out.append(f / factor)
        else:
            s = (original_max_position / wavelen - low_freq_factor) / (high_freq_factor - low_freq_factor)
            out.append((1 - s) * f / factor + s * f)
    return np.array(out), 1.0


def _loop_yarn(dim, base, factor, original_max_position, beta_fast=32.0, beta_slow=1.0):
    def d(r):
        return dim * math.log(original_max_position / (2 * math.pi * r)) / (2 * math.log(base))

    lo, hi = max(math.floor(d(beta_fast)), 0), min(math.ceil(d(beta_slow)), dim - 1)
    hi = hi + 0.001 if lo == hi else hi
    out = []
    for i, f in enumerate(_loop_default(dim, base)):
        ramp = min(max((i - lo) / (hi - lo), 0.0), 1.0)
        out.append(f * (1 - ramp) + f / factor * ramp)
    return np.array(out), (0.1 * math.log(factor) + 1.0 if factor > 1 else 1.0)


LLAMA31 = {"low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position": 8192}


@sample(expected=[np.array([1.0, 0.01]), (np.array([0.25, 0.0025]), 1.0), (np.array([1.0, 0.0025]), 1.0)])
def prompt_example_default_linear_ntk(m):
    """dim 4, base 10000: defaults; linear with factor 4; NTK-aware base 10000 * 4 ** 2"""
    return [m.rope_inv_freq(4, 10000.0), m.scaled_inv_freq(4, 10000.0, "linear", 4.0),
            m.scaled_inv_freq(4, 10000.0, "ntk", 4.0)]


SMOOTH = (1000 / (2 * math.pi / 0.01) - 1) / 3


@sample(expected=(np.array([1.0, (1 - SMOOTH) * 0.0025 + SMOOTH * 0.01]), 1.0))
def prompt_example_llama3(m):
    """dim 4, factor 4, low 1, high 4, original 1000: index 0 kept, index 1 blended"""
    return m.scaled_inv_freq(4, 10000.0, "llama3", 4.0, low_freq_factor=1.0, high_freq_factor=4.0,
                             original_max_position=1000)


@sample(expected=_loop_llama3(128, 500000.0, 8.0, **LLAMA31))
def llama31_real_settings(m):
    """Llama 3.1: head dim 128, base 500000, factor 8, low 1, high 4, original 8192"""
    return m.scaled_inv_freq(128, 500000.0, "llama3", 8.0, **LLAMA31)


@hidden(expected=_loop_yarn(128, 1e6, 4.0, 32768))
def yarn_qwen_like(m):
    """YaRN with head dim 128, base 1e6, factor 4 over an original 32768 positions (beta 32 / 1)"""
    return m.scaled_inv_freq(128, 1e6, "yarn", 4.0, original_max_position=32768)


@hidden(expected=_loop_yarn(64, 10000.0, 16.0, 2048, beta_fast=8.0, beta_slow=2.0))
def yarn_custom_betas(m):
    """YaRN with dim 64, base 10000, factor 16, original 2048, beta_fast 8, beta_slow 2"""
    return m.scaled_inv_freq(64, 10000.0, "yarn", 16.0, original_max_position=2048, beta_fast=8.0, beta_slow=2.0)


@hidden(expected=_loop_yarn(16, 10000.0, 2.0, 64))
def yarn_range_clipped(m):
    """a short original context (64) with dim 16: the low correction dim falls below 0 and is clipped"""
    return m.scaled_inv_freq(16, 10000.0, "yarn", 2.0, original_max_position=64)


@hidden(expected=[(_loop_default(32, 10000.0), 1.0)] * 4)
def factor_one_changes_nothing(m):
    """factor 1 for every method: the default frequencies, attention factor 1.0"""
    return [m.scaled_inv_freq(32, 10000.0, "linear", 1.0), m.scaled_inv_freq(32, 10000.0, "ntk", 1.0),
            m.scaled_inv_freq(32, 10000.0, "llama3", 1.0, **LLAMA31),
            m.scaled_inv_freq(32, 10000.0, "yarn", 1.0, original_max_position=4096)]


@hidden(expected=[_loop_default(96, 1e6), (_loop_default(96, 1e6 * 8.0 ** (96 / 94)), 1.0),
                  (_loop_default(96, 1e6) / 8.0, 1.0)])
def ntk_and_linear_dim_96(m):
    """dim 96, base 1e6, factor 8: defaults, NTK-aware base 1e6 * 8 ** (96 / 94), linear"""
    return [m.rope_inv_freq(96, 1e6), m.scaled_inv_freq(96, 1e6, "ntk", 8.0), m.scaled_inv_freq(96, 1e6, "linear", 8.0)]


@hidden(expected="ValueError")
def unknown_method(m):
    """method "dynamic" is not one of the four"""
    try:
        m.scaled_inv_freq(8, 10000.0, "dynamic", 2.0)
    except ValueError:
        return "ValueError"
    return "no error"


# Independent checks of the reference itself (plain pytest only).
def _published_llama31_rule(freqs, scale=8, lo=1, hi=4, ctx=8192):
    """Meta's Llama 3.1 rule re-expressed: the band of each frequency decided by its wavelength."""
    def one(freq):
        wavelen = 2 * math.pi / freq
        if wavelen < ctx / hi:
            return freq
        if wavelen > ctx / lo:
            return freq / scale
        mix = (ctx / wavelen - lo) / (hi - lo)
        return freq * (mix + (1 - mix) / scale)

    return np.array([one(f) for f in freqs])


def test_llama31_matches_the_published_rule(solution):
    freqs = 1.0 / (500000.0 ** (np.arange(0, 128, 2).astype(float) / 128))
    got, attention = solution.scaled_inv_freq(128, 500000.0, "llama3", 8.0, **LLAMA31)
    np.testing.assert_allclose(got, _published_llama31_rule(freqs), rtol=1e-13)
    assert attention == 1.0
