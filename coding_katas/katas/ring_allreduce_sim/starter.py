import numpy as np


def ring_allreduce(buffers: np.ndarray) -> dict:
    """Simulate ring reduce-scatter + all-gather. Returns {"result", "steps", "bytes_sent", "total_bytes"}."""
    raise NotImplementedError


def ring_allreduce_time(size_bytes: float, n_ranks: int, bandwidth: float, latency: float) -> float:
    """Alpha-beta time of a ring all-reduce: 2 (N - 1) steps of latency + (size / N) / bandwidth."""
    raise NotImplementedError
