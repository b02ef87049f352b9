import numpy as np

MAXQ = 15


def quantize_int4(w, group_size):
    w = np.asarray(w, dtype=float)
    out, cols = w.shape
    if cols % group_size:
        raise ValueError(f"group_size {group_size} does not divide {cols}")
    x = w.reshape(out, cols // group_size, group_size)
    # GPTQ's rule: stretch the range to include 0, so that 0 is represented exactly.
    xmin = np.minimum(x.min(axis=-1), 0.0)
    xmax = np.maximum(x.max(axis=-1), 0.0)
    empty = (xmin == 0) & (xmax == 0)
    xmin, xmax = np.where(empty, -1.0, xmin), np.where(empty, 1.0, xmax)
    scale = (xmax - xmin) / MAXQ
    zero = np.round(-xmin / scale)
    q = np.clip(np.round(x / scale[..., None]) + zero[..., None], 0, MAXQ)
    return q.reshape(out, cols).astype(np.uint8), scale, zero.astype(np.uint8)


def dequantize_int4(q, scale, zero, group_size):
    q = np.asarray(q).astype(np.int64)
    out, cols = q.shape
    codes = q.reshape(out, cols // group_size, group_size) - np.asarray(zero).astype(np.int64)[..., None]
    return (np.asarray(scale)[..., None] * codes).reshape(out, cols)


def pack_int4(q):
    q = np.asarray(q).astype(np.uint8)
    return (q[:, 0::2] | (q[:, 1::2] << 4)).astype(np.uint8)


def unpack_int4(packed):
    p = np.asarray(packed).astype(np.uint8)
    q = np.empty((p.shape[0], p.shape[1] * 2), dtype=np.uint8)
    q[:, 0::2], q[:, 1::2] = p & 0x0F, p >> 4
    return q
