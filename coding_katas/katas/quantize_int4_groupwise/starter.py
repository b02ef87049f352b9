import numpy as np


def quantize_int4(w: np.ndarray, group_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Asymmetric min-max int4 per group of `group_size` columns: (q uint8 (out, in), scale, zero (out, in // g))."""
    raise NotImplementedError


def dequantize_int4(q: np.ndarray, scale: np.ndarray, zero: np.ndarray, group_size: int) -> np.ndarray:
    """scale * (q - zero) per group, float64 (out, in)."""
    raise NotImplementedError


def pack_int4(q: np.ndarray) -> np.ndarray:
    """Two 4-bit codes per byte, low nibble first: (out, in) -> uint8 (out, in // 2)."""
    raise NotImplementedError


def unpack_int4(packed: np.ndarray) -> np.ndarray:
    """Inverse of pack_int4: uint8 (out, in // 2) -> uint8 (out, in)."""
    raise NotImplementedError
