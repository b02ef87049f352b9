import numpy as np


def conv2d_backward(x: np.ndarray, w: np.ndarray, dout: np.ndarray, stride: int = 1,
                    padding: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dx, dw, db) of a loss through conv2d(x, w, b, stride, padding), given dout = dL/d(out)."""
    raise NotImplementedError
