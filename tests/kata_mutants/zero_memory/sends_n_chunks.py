# Counts N chunks per collective instead of N - 1 (a GPU does not send its own chunk).
def zero_per_gpu(n_params, n_gpus, stage, param_bytes=2, grad_bytes=2, optim_bytes=12):
    if stage not in (0, 1, 2, 3):
        raise ValueError(f"unknown ZeRO stage {stage}")
    full, shard = n_params, -(-n_params // n_gpus)  # sharded buffers are padded to a multiple of N
    params = (shard if stage >= 3 else full) * param_bytes
    grads = (shard if stage >= 2 else full) * grad_bytes
    optim = (shard if stage >= 1 else full) * optim_bytes
    chunk = n_gpus * shard
    if stage == 0:
        comm = 2 * chunk * grad_bytes
    elif stage in (1, 2):
        comm = chunk * grad_bytes + chunk * param_bytes
    else:
        comm = 2 * chunk * param_bytes + chunk * grad_bytes
    return {"params": params, "grads": grads, "optim": optim, "total": params + grads + optim, "comm": comm}


def max_params(gpu_bytes, n_gpus, stage, param_bytes=2, grad_bytes=2, optim_bytes=12):
    def fits(p):
        return zero_per_gpu(p, n_gpus, stage, param_bytes, grad_bytes, optim_bytes)["total"] <= gpu_bytes

    if not fits(1):
        return 0
    lo, hi = 1, 2
    while fits(hi):  # the total grows with P: find an upper bound, then bisect
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo
