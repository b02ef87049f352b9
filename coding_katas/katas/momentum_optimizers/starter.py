import numpy as np


def sgd_momentum(param: np.ndarray, grad_fn, n_steps: int, lr: float, momentum: float = 0.0,
                 nesterov: bool = False, weight_decay: float = 0.0) -> np.ndarray:
    """torch.optim.SGD: trajectory (n_steps + 1, *param.shape), row 0 = param."""
    raise NotImplementedError


def adagrad(param: np.ndarray, grad_fn, n_steps: int, lr: float, eps: float = 1e-10,
            weight_decay: float = 0.0) -> np.ndarray:
    """torch.optim.Adagrad: trajectory (n_steps + 1, *param.shape)."""
    raise NotImplementedError


def rmsprop(param: np.ndarray, grad_fn, n_steps: int, lr: float, alpha: float = 0.99, eps: float = 1e-8,
            momentum: float = 0.0, centered: bool = False) -> np.ndarray:
    """torch.optim.RMSprop: trajectory (n_steps + 1, *param.shape)."""
    raise NotImplementedError
