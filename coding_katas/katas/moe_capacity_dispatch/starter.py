import numpy as np


def moe_dispatch(expert_idx: np.ndarray, capacity: int, n_experts: int) -> dict:
    """Slots per (token, choice) filled rank by rank (-1 when the expert is full): {"slot", "load", "dropped"}."""
    raise NotImplementedError


def moe_forward(x: np.ndarray, expert_idx: np.ndarray, gates: np.ndarray, capacity: int, W: np.ndarray) -> dict:
    """Dispatch into (E, capacity, d) buffers, apply linear experts, combine with the gates."""
    raise NotImplementedError
