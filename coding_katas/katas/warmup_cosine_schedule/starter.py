def warmup_cosine_lr(step: int, base_lr: float, warmup_steps: int, total_steps: int,
                     min_lr: float = 0.0) -> float:
    """Learning rate at `step` (from 0): linear warmup from 0, then cosine decay to min_lr.

    step < warmup_steps: base_lr * step / warmup_steps; step >= total_steps: min_lr; otherwise
    min_lr + 0.5 * (base_lr - min_lr) * (1 + cos(pi * (step - W) / (T - W))).
    Raises ValueError if step < 0, warmup_steps < 0 or total_steps < warmup_steps.
    """
    raise NotImplementedError
