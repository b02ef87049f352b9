import numpy as np


def loss_scaling(grads_per_step: list[np.ndarray], init_scale: float = 65536.0, growth_factor: float = 2.0,
                 backoff_factor: float = 0.5, growth_interval: int = 2000) -> dict:
    """Simulate float16 dynamic loss scaling: {"scales", "skipped", "grads", "final_scale", "growth_tracker"}."""
    raise NotImplementedError
