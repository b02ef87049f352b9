# Uses C as the input projection and B as the output projection.
import numpy as np


def selective_scan(x, delta, A, B, C, D, h0=None):
    x, delta, A, B, C, D = (np.asarray(a, dtype=float) for a in (x, delta, A, B, C, D))
    batch, length, channels = x.shape
    h = np.zeros((batch, channels, A.shape[1])) if h0 is None else np.array(h0, dtype=float)
    y = np.empty_like(x)
    for t in range(length):
        dt = delta[:, t, :, None]  # (batch, Dm, 1)
        # Zero-order hold for A, Euler for the input term (as mamba_ssm's selective_scan_ref).
        h = np.exp(dt * A) * h + dt * C[:, t, None, :] * x[:, t, :, None]
        y[:, t] = (h * B[:, t, None, :]).sum(-1) + D * x[:, t]
    return y, h
