import numpy as np


def q_learning(Q: np.ndarray, transitions: list[tuple[int, int, float, int, bool]], alpha: float, gamma: float,
               n_epochs: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Sequential Q-learning updates over the transitions, n_epochs times; returns (Q_new, td_errors)."""
    raise NotImplementedError


def greedy_policy(Q: np.ndarray) -> np.ndarray:
    """Greedy action per state (int array (S,)), ties to the lowest action index."""
    raise NotImplementedError
