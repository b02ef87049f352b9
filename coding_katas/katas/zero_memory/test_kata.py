import math

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _table (the stage table written as data: which of the three states are
# sharded, and the number of reduce-scatter / all-gather rounds per state) and _max_by_estimate (a real-valued
# estimate of the largest P, then moved one parameter at a time until it is exact).

SHARDED = {0: (False, False, False), 1: (False, False, True), 2: (False, True, True), 3: (True, True, True)}
# (gradient rounds, parameter rounds) of (N - 1) * S elements each GPU sends per step.
ROUNDS = {0: (2, 0), 1: (1, 1), 2: (1, 1), 3: (1, 2)}


def _table(P, N, stage, pb=2, gb=2, ob=12):
    S = math.ceil(P / N) if P < 2**52 else -(-P // N)
    counts = [S if sharded else P for sharded in SHARDED[stage]]
    params, grads, optim = counts[0] * pb, counts[1] * gb, counts[2] * ob
    g_rounds, p_rounds = ROUNDS[stage]
    comm = (N - 1) * S * (g_rounds * gb + p_rounds * pb)
    return {"params": params, "grads": grads, "optim": optim, "total": params + grads + optim, "comm": comm}


def _max_by_estimate(B, N, stage, pb=2, gb=2, ob=12):
    per_full = sum(b for b, s in zip((pb, gb, ob), SHARDED[stage]) if not s)
    per_shard = sum(b for b, s in zip((pb, gb, ob), SHARDED[stage]) if s)
    P = max(int(B / (per_full + per_shard / N)), 0)
    while P > 0 and _table(P, N, stage, pb, gb, ob)["total"] > B:
        P -= 1
    while _table(P + 1, N, stage, pb, gb, ob)["total"] <= B:
        P += 1
    return P


@sample(expected={"params": 1_750_000_000, "grads": 1_750_000_000, "optim": 10_500_000_000,
                  "total": 14_000_000_000, "comm": 36_750_000_000})
def prompt_example_zero3(m):
    """7B parameters on 8 GPUs, stage 3: 16 bytes / 8 per parameter; 1.5x DDP's communication"""
    return m.zero_per_gpu(7_000_000_000, 8, 3)


@sample(expected=[{"params": 14_000_000_000, "grads": 14_000_000_000, "optim": 84_000_000_000,
                   "total": 112_000_000_000, "comm": 24_500_000_000},
                  {"params": 14_000_000_000, "grads": 14_000_000_000, "optim": 10_500_000_000,
                   "total": 38_500_000_000, "comm": 24_500_000_000},
                  {"params": 14_000_000_000, "grads": 1_750_000_000, "optim": 10_500_000_000,
                   "total": 26_250_000_000, "comm": 24_500_000_000}])
def stages_zero_one_two(m):
    """the same 7B model on 8 GPUs with stages 0, 1 and 2: memory falls, communication stays at DDP's"""
    return [m.zero_per_gpu(7_000_000_000, 8, s) for s in (0, 1, 2)]


@sample(expected=[40_000_000_000, 5_000_000_000])
def max_params_prompt_example(m):
    """80 GB per GPU, 8 GPUs: stage 3 fits 40B parameters, plain DDP 5B"""
    return [m.max_params(80 * 10**9, 8, 3), m.max_params(80 * 10**9, 8, 0)]


@hidden(expected=[_table(1_000_003, 4, s) for s in range(4)])
def padding_when_not_divisible(m):
    """1,000,003 parameters on 4 GPUs: every shard holds ceil(P / 4) = 250,001"""
    return [m.zero_per_gpu(1_000_003, 4, s) for s in range(4)]


@hidden(expected=[_table(70 * 10**9, 1, s) for s in range(4)])
def one_gpu(m):
    """N = 1: sharding changes nothing and nothing is sent"""
    return [m.zero_per_gpu(70 * 10**9, 1, s) for s in range(4)]


@hidden(expected=[_table(13 * 10**9, 64, s, 2, 4, 12) for s in range(4)])
def fp32_gradients(m):
    """13B on 64 GPUs with gradients kept in fp32 (grad_bytes 4)"""
    return [m.zero_per_gpu(13 * 10**9, 64, s, grad_bytes=4) for s in range(4)]


@hidden(expected=[_max_by_estimate(80 * 10**9, 8, s) for s in range(4)] +
                 [_max_by_estimate(24 * 10**9, 3, s, 2, 4, 12) for s in range(4)])
def max_params_every_stage(m):
    """largest P per stage for 80 GB x 8 GPUs, and for 24 GB x 3 GPUs with fp32 gradients"""
    return [m.max_params(80 * 10**9, 8, s) for s in range(4)] + \
        [m.max_params(24 * 10**9, 3, s, grad_bytes=4) for s in range(4)]


@hidden(expected=[0, 0, _max_by_estimate(16 * 7 + 15, 7, 3), _max_by_estimate(1000, 3, 1)])
def tiny_budgets(m):
    """15 bytes hold no parameter (stage 0 and 3); 127 bytes on 7 GPUs at stage 3; 1000 bytes at stage 1 on 3"""
    return [m.max_params(15, 4, 0), m.max_params(15, 4, 3), m.max_params(16 * 7 + 15, 7, 3),
            m.max_params(1000, 3, 1)]


@hidden(expected="ValueError")
def unknown_stage(m):
    """stage 4 does not exist"""
    try:
        m.zero_per_gpu(10, 2, 4)
    except ValueError:
        return "ValueError"
    return "no error"
