import numpy as np


def ring_allreduce(buffers):
    buf = np.array(buffers, copy=True)
    n, length = buf.shape
    bounds = [(c[0], c[-1] + 1) if len(c) else (0, 0) for c in np.array_split(np.arange(length), n)]
    steps, sent = [], []

    def run_step(chunks, reduce):
        # All messages of a step are taken from the buffers before any of them is applied.
        messages = [(r, chunks[r], buf[r, slice(*bounds[chunks[r]])].copy()) for r in range(n)]
        for r, c, data in messages:
            dst = buf[(r + 1) % n, slice(*bounds[c])]
            dst[...] = dst + data if reduce else data
        steps.append(buf.copy())
        sent.append([data.size * buf.itemsize for _, _, data in messages])

    for s in range(n - 1):  # reduce-scatter
        run_step([(r - s) % n for r in range(n)], reduce=True)
    for s in range(n - 1):  # all-gather
        run_step([(r + 1 - s) % n for r in range(n)], reduce=False)
    bytes_sent = np.array(sent, dtype=np.int64).reshape(2 * (n - 1), n)
    return {"result": buf, "steps": steps, "bytes_sent": bytes_sent, "total_bytes": bytes_sent.sum(axis=0)}


def ring_allreduce_time(size_bytes, n_ranks, bandwidth, latency):
    if n_ranks == 1:
        return 0.0
    return 2 * (n_ranks - 1) * (latency + size_bytes / n_ranks / bandwidth)
