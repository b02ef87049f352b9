import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand; from _mailbox, a separate simulation that keeps each rank's data as a list of chunk
# arrays and delivers a step's messages from a list built first (chunk sizes from integer division, not from
# np.array_split); and, for integer-valued data, the exact column sums.


def _mailbox(buffers):
    n, length = buffers.shape
    sizes = [length // n + (1 if c < length % n else 0) for c in range(n)]
    starts = [sum(sizes[:c]) for c in range(n)]
    chunks = [[buffers[r, starts[c]:starts[c] + sizes[c]].copy() for c in range(n)] for r in range(n)]
    snapshots, sent = [], []
    for phase in ("reduce", "gather"):
        for s in range(n - 1):
            outbox = []
            for r in range(n):
                c = (r - s) % n if phase == "reduce" else (r + 1 - s) % n
                outbox.append(((r + 1) % n, c, chunks[r][c].copy()))
            for dst, c, data in outbox:
                chunks[dst][c] = chunks[dst][c] + data if phase == "reduce" else data
            snapshots.append(np.array([np.concatenate(chunks[r]) for r in range(n)], dtype=buffers.dtype))
            sent.append([sizes[c] * buffers.dtype.itemsize for _, c, _ in outbox])
    final = np.array([np.concatenate(chunks[r]) for r in range(n)], dtype=buffers.dtype)
    bytes_sent = np.array(sent, dtype=np.int64).reshape(2 * (n - 1), n)
    return {"result": final, "steps": snapshots, "bytes_sent": bytes_sent, "total_bytes": bytes_sent.sum(axis=0)}


EX = np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0], [100.0, 200.0, 300.0]])
FULL = np.array([[111.0, 222.0, 333.0]] * 3)


STEPS = [np.array([[1.0, 2.0, 303.0], [11.0, 20.0, 30.0], [100.0, 220.0, 300.0]]),
         np.array([[1.0, 222.0, 303.0], [11.0, 20.0, 333.0], [111.0, 220.0, 300.0]]),
         np.array([[111.0, 222.0, 303.0], [11.0, 222.0, 333.0], [111.0, 220.0, 333.0]]), FULL]


@sample(expected={"result": FULL, "steps": STEPS, "bytes_sent": np.full((4, 3), 8),
                  "total_bytes": np.array([32, 32, 32])})
def prompt_example(m):
    """3 ranks, 3 float64 elements: every snapshot written out by hand"""
    return m.ring_allreduce(EX)


@sample(expected=[2 * 7 * (5e-6 + 1e9 / 8 / 100e9), 0.0, 2 * 1 * (1e-5 + 4e8 / 2 / 25e9)])
def cost_model(m):
    """1 GB over 8 ranks at 100 GB/s and 5 us; N = 1; 400 MB over 2 ranks at 25 GB/s and 10 us"""
    return [m.ring_allreduce_time(1e9, 8, 100e9, 5e-6), m.ring_allreduce_time(1e9, 1, 100e9, 5e-6),
            m.ring_allreduce_time(4e8, 2, 25e9, 1e-5)]


UNEVEN = np.arange(4 * 10, dtype=float).reshape(4, 10) ** 2


@sample(expected=_mailbox(UNEVEN))
def four_ranks_ten_elements(m):
    """N = 4, L = 10: chunks of 3, 3, 2, 2 elements (24, 24, 16, 16 bytes per message)"""
    return m.ring_allreduce(UNEVEN)


@hidden(expected=np.tile(UNEVEN.sum(axis=0), (4, 1)))
def result_is_the_sum(m):
    """the final buffers of every rank equal the exact column sums (integer-valued data)"""
    return m.ring_allreduce(UNEVEN)["result"]


F32 = np.random.default_rng(1).normal(size=(5, 23)).astype(np.float32)


@hidden(expected=[_mailbox(F32), "float32"])
def float32_five_ranks(m):
    """N = 5, L = 23 float32: additions in float32 in ring order, 4-byte elements; [output, result dtype]"""
    out = m.ring_allreduce(F32)
    return [out, str(out["result"].dtype)]


SHORT = np.random.default_rng(2).normal(size=(6, 4))


@hidden(expected=_mailbox(SHORT))
def fewer_elements_than_ranks(m):
    """N = 6, L = 4: two chunks are empty and their messages carry 0 bytes"""
    return m.ring_allreduce(SHORT)


TWO = np.random.default_rng(3).normal(size=(2, 7))


@hidden(expected=_mailbox(TWO))
def two_ranks(m):
    """N = 2, L = 7: one reduce-scatter step and one all-gather step"""
    return m.ring_allreduce(TWO)


@hidden(expected={"result": np.array([[1.5, -2.0, 4.0]]), "steps": [], "bytes_sent": np.zeros((0, 1)),
                  "total_bytes": np.array([0])})
def single_rank(m):
    """N = 1: nothing to send"""
    return m.ring_allreduce(np.array([[1.5, -2.0, 4.0]]))


BIG = np.random.default_rng(4).integers(-50, 50, size=(8, 64)).astype(float)


@hidden(expected=[BIG.sum(axis=0), np.full(8, 2 * 7 * 8 * 8), np.full((14, 8), 64)])
def eight_ranks_bandwidth(m):
    """N = 8, L = 64 float64: each rank sends 2 (N - 1) / N * L * 8 = 896 bytes, 64 per message"""
    out = m.ring_allreduce(BIG)
    return [out["result"][3], out["total_bytes"], out["bytes_sent"]]


@hidden(expected=UNEVEN.copy())
def input_not_modified(m):
    x = UNEVEN.copy()
    m.ring_allreduce(x)
    return x
