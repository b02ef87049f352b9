# Clamps the progress to 1 instead of testing step >= total_steps first: divides by zero when W == T.
import math


def warmup_cosine_lr(step, base_lr, warmup_steps, total_steps, min_lr=0.0):
    if step < 0 or warmup_steps < 0 or total_steps < warmup_steps:
        raise ValueError("bad schedule")
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    p = min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))
    return min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * p))
