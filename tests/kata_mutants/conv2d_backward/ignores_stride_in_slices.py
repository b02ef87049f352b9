# Assumes stride 1 when slicing the input windows.
import numpy as np


def conv2d_backward(x, w, dout, stride=1, padding=0):
    x, w, dout = (np.asarray(a, dtype=float) for a in (x, w, dout))
    N, C, H, W = x.shape
    _, _, kH, kW = w.shape
    Ho, Wo = dout.shape[2], dout.shape[3]
    p = padding
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    # Each kernel tap (i, j) reads one strided slice of the padded input: one pixel per output position.
    for i in range(kH):
        for j in range(kW):
            rows, cols = slice(i, i + Ho), slice(j, j + Wo)
            dw[:, :, i, j] = np.einsum("nchw,nohw->oc", xp[:, :, rows, cols], dout)
            dxp[:, :, rows, cols] += np.einsum("nohw,oc->nchw", dout, w[:, :, i, j])
    dx = dxp[:, :, p:p + H, p:p + W]
    return dx.copy(), dw, dout.sum(axis=(0, 2, 3))
