# Scales the NTK base by the factor alone, without the dim / (dim - 2) exponent.
import math

import numpy as np


def rope_inv_freq(dim, base):
    return base ** (-np.arange(0, dim, 2, dtype=float) / dim)


def _llama3(f, factor, low_freq_factor, high_freq_factor, original_max_position):
    wavelen = 2 * math.pi / f
    low_w, high_w = original_max_position / low_freq_factor, original_max_position / high_freq_factor
    smooth = (original_max_position / wavelen - low_freq_factor) / (high_freq_factor - low_freq_factor)
    blended = (1 - smooth) * f / factor + smooth * f
    return np.where(wavelen < high_w, f, np.where(wavelen > low_w, f / factor, blended))


def _yarn(dim, base, f, factor, original_max_position, beta_fast=32.0, beta_slow=1.0):
    def correction_dim(rotations):
        return dim * math.log(original_max_position / (2 * math.pi * rotations)) / (2 * math.log(base))

    low = max(math.floor(correction_dim(beta_fast)), 0)
    high = min(math.ceil(correction_dim(beta_slow)), dim - 1)
    if low == high:
        high += 0.001  # avoid a zero-width ramp
    ramp = np.clip((np.arange(dim // 2) - low) / (high - low), 0.0, 1.0)
    keep = 1.0 - ramp  # 1: keep the original (fast) frequency, 0: interpolate it
    attention = 0.1 * math.log(factor) + 1.0 if factor > 1 else 1.0
    return f / factor * (1 - keep) + f * keep, attention


def scaled_inv_freq(dim, base, method, factor, **params):
    f = rope_inv_freq(dim, base)
    if method == "linear":
        return f / factor, 1.0
    if method == "ntk":
        return rope_inv_freq(dim, base * factor), 1.0
    if method == "llama3":
        return _llama3(f, factor, **params), 1.0
    if method == "yarn":
        return _yarn(dim, base, f, factor, **params)
    raise ValueError(f"unknown method {method!r}")
