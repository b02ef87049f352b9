import numpy as np


def reinforce_update(theta: np.ndarray, values: np.ndarray, episodes: list[list[tuple[int, int, float]]],
                     gamma: float, lr_pi: float, lr_v: float) -> dict:
    """One REINFORCE-with-baseline update of a tabular softmax policy and its value baseline.

    Returns {"returns": [array per episode], "loss": float, "theta": (S, A), "values": (S,)}."""
    raise NotImplementedError
