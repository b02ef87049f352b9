# Lets a dropped choice still add gate * (x @ W_e) to the output, as if capacity were unlimited.
import numpy as np


def moe_dispatch(expert_idx, capacity, n_experts):
    idx = np.asarray(expert_idx)
    tokens, k = idx.shape
    slot = np.full((tokens, k), -1, dtype=np.int64)
    load = np.zeros(n_experts, dtype=np.int64)
    for rank in range(k):  # GShard priority: every first choice before any second choice
        for t in range(tokens):
            e = idx[t, rank]
            if load[e] < capacity:
                slot[t, rank] = load[e]
                load[e] += 1
    return {"slot": slot, "load": load, "dropped": int((slot < 0).sum())}


def moe_forward(x, expert_idx, gates, capacity, W):
    x, gates, W = (np.asarray(a, dtype=float) for a in (x, gates, W))
    idx = np.asarray(expert_idx)
    n_experts = W.shape[0]
    routing = moe_dispatch(idx, capacity, n_experts)
    slot = routing["slot"]
    buffers = np.zeros((n_experts, capacity, x.shape[1]))
    kept = np.argwhere(slot >= 0)
    for t, j in kept:
        buffers[idx[t, j], slot[t, j]] = x[t]
    expert_out = np.einsum("ecd,edo->eco", buffers, W)
    y = np.zeros((x.shape[0], W.shape[2]))
    for t, j in kept:
        y[t] += gates[t, j] * expert_out[idx[t, j], slot[t, j]]
    for t, j in np.argwhere(slot < 0):
        y[t] += gates[t, j] * (x[t] @ W[idx[t, j]])
    return {"buffers": buffers, "expert_out": expert_out, "y": y, "slot": slot, "load": routing["load"]}
