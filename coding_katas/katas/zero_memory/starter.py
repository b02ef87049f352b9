def zero_per_gpu(n_params: int, n_gpus: int, stage: int, param_bytes: int = 2, grad_bytes: int = 2,
                 optim_bytes: int = 12) -> dict:
    """Per-GPU bytes of parameters, gradients, optimizer states, their total, and bytes sent per step."""
    raise NotImplementedError


def max_params(gpu_bytes: int, n_gpus: int, stage: int, param_bytes: int = 2, grad_bytes: int = 2,
               optim_bytes: int = 12) -> int:
    """The largest parameter count whose per-GPU model-state total fits in gpu_bytes."""
    raise NotImplementedError
