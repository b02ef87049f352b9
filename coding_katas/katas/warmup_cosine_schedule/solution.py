import math


def warmup_cosine_lr(step: int, base_lr: float, warmup_steps: int, total_steps: int,
                     min_lr: float = 0.0) -> float:
    if step < 0 or warmup_steps < 0 or total_steps < warmup_steps:
        raise ValueError("need step >= 0 and 0 <= warmup_steps <= total_steps")
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    if step >= total_steps:
        return float(min_lr)
    # Here warmup_steps <= step < total_steps, so the denominator is at least 1.
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + 0.5 * (base_lr - min_lr) * (1.0 + math.cos(math.pi * progress))
