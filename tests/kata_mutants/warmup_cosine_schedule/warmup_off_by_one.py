# Ramps with (step + 1) / warmup_steps, so step 0 is not 0 and the last warmup step already hits base_lr.
import math


def warmup_cosine_lr(step, base_lr, warmup_steps, total_steps, min_lr=0.0):
    if step < 0 or warmup_steps < 0 or total_steps < warmup_steps:
        raise ValueError("bad schedule")
    if step < warmup_steps:
        return base_lr * (step + 1) / warmup_steps
    if step >= total_steps:
        return min_lr
    p = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * p))
