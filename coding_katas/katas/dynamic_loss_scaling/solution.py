import numpy as np


def loss_scaling(grads_per_step, init_scale=65536.0, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000):
    scale, tracker = float(init_scale), 0
    scales, skipped, grads = [], [], []
    for g in grads_per_step:
        scales.append(scale)
        with np.errstate(over="ignore", invalid="ignore"):  # overflow to inf is the event we detect
            scaled = (np.asarray(g).astype(np.float32) * np.float32(scale)).astype(np.float16)
        bad = not bool(np.all(np.isfinite(scaled)))
        skipped.append(bad)
        if bad:
            grads.append(None)
            scale *= backoff_factor
            tracker = 0
            continue
        grads.append(scaled.astype(np.float32) / np.float32(scale))
        tracker += 1
        if tracker == growth_interval:
            scale *= growth_factor
            tracker = 0
    return {"scales": scales, "skipped": skipped, "grads": grads, "final_scale": scale, "growth_tracker": tracker}
