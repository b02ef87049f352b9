import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _loop_moe, written independently: it first sorts all (rank, token) pairs into
# the priority order, keeps per-expert lists of accepted tokens, and computes every output row as a sum over
# the token's kept choices of gate * (x_t @ W_e) directly (never through buffers).


def _loop_moe(x, idx, gates, capacity, W):
    T, k = idx.shape
    E = W.shape[0]
    accepted = {e: [] for e in range(E)}
    slot = -np.ones((T, k), dtype=int)
    for rank, t in sorted((r, t) for r in range(k) for t in range(T)):
        e = int(idx[t, rank])
        if len(accepted[e]) < capacity:
            slot[t, rank] = len(accepted[e])
            accepted[e].append(t)
    buffers = np.zeros((E, capacity, x.shape[1]))
    for e, toks in accepted.items():
        for s, t in enumerate(toks):
            buffers[e, s] = x[t]
    expert_out = np.stack([buffers[e] @ W[e] for e in range(E)])
    y = np.array([sum((gates[t, j] * (x[t] @ W[idx[t, j]]) for j in range(k) if slot[t, j] >= 0),
                      np.zeros(W.shape[2])) for t in range(T)])
    return {"buffers": buffers, "expert_out": expert_out, "y": y, "slot": slot,
            "load": np.array([len(accepted[e]) for e in range(E)])}


def _case(seed, T, k, E, d, d_out, skew=0.0):
    rng = np.random.default_rng(seed)
    popularity = np.exp(skew * rng.normal(size=E))
    idx = np.array([rng.choice(E, size=k, replace=False, p=popularity / popularity.sum()) for _ in range(T)])
    gates = rng.dirichlet(np.ones(k), size=T)
    return rng.normal(size=(T, d)), idx, gates, rng.normal(size=(E, d, d_out))


EX = np.array([[0, 1], [0, 2], [0, 1], [1, 0]])


@sample(expected={"slot": np.array([[0, 1], [1, 0], [-1, -1], [0, -1]]), "load": np.array([2, 2, 1]), "dropped": 3})
def prompt_example(m):
    """4 tokens, top-2 of 3 experts, capacity 2: rank-0 choices fill first"""
    return m.moe_dispatch(EX, 2, 3)


X_EX = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -1.0]])
G_EX = np.array([[0.7, 0.3], [0.6, 0.4], [0.5, 0.5], [0.9, 0.1]])
W_EX = np.stack([np.eye(2), 2 * np.eye(2), np.array([[0.0, 1.0], [1.0, 0.0]])])


@sample(expected={"buffers": np.array([[[1.0, 0.0], [0.0, 1.0]], [[2.0, -1.0], [1.0, 0.0]], [[0.0, 1.0], [0.0, 0.0]]]),
                  "expert_out": np.array([[[1.0, 0.0], [0.0, 1.0]], [[4.0, -2.0], [2.0, 0.0]],
                                          [[1.0, 0.0], [0.0, 0.0]]]),
                  "y": np.array([[0.7 + 0.3 * 2, 0.0], [0.4, 0.6], [0.0, 0.0], [0.9 * 4, -0.9 * 2]]),
                  "slot": np.array([[0, 1], [1, 0], [-1, -1], [0, -1]]), "load": np.array([2, 2, 1])})
def forward_by_hand(m):
    """the example with experts I, 2I and a swap: token 2 is fully dropped (y = 0), token 3 keeps only 0.9 of
    expert 1 (no renormalisation)"""
    return m.moe_forward(X_EX, EX, G_EX, 2, W_EX)


@sample(expected={"slot": np.array([[0], [0], [1], [2], [1]]), "load": np.array([3, 2]), "dropped": 0})
def switch_top1_enough_capacity(m):
    """k = 1 (Switch), capacity 3: nothing dropped"""
    return m.moe_dispatch(np.array([[0], [1], [0], [0], [1]]), 3, 2)


BIG = _case(1, 32, 2, 8, 6, 5, skew=1.5)


@hidden(expected=_loop_moe(*BIG[:3], 8, BIG[3]))
def skewed_routing_capacity_factor_one(m):
    """32 tokens, top-2 of 8 experts with skewed popularity, capacity = 1.0 * 32 * 2 / 8 = 8"""
    return m.moe_forward(*BIG[:3], 8, BIG[3])


@hidden(expected=_loop_moe(*BIG[:3], 10, BIG[3]))
def capacity_factor_one_and_a_quarter(m):
    """the same routing with capacity ceil(1.25 * 8) = 10"""
    return m.moe_forward(*BIG[:3], 10, BIG[3])


TOP3 = _case(2, 12, 3, 5, 4, 4, skew=2.0)


@hidden(expected=_loop_moe(*TOP3[:3], 4, TOP3[3]))
def top3_routing(m):
    """k = 3: third choices only get what the first and second choices left"""
    return m.moe_forward(*TOP3[:3], 4, TOP3[3])


@hidden(expected=_loop_moe(*BIG[:3], 0, BIG[3]))
def capacity_zero_drops_everything(m):
    """capacity 0: empty buffers (E, 0, d), every slot -1, y = 0"""
    return m.moe_forward(*BIG[:3], 0, BIG[3])


_rng = np.random.default_rng(3)
# 6 experts, but every token picks 2 of the first 5.
UNUSED = (_rng.normal(size=(10, 3)), np.array([_rng.choice(5, size=2, replace=False) for _ in range(10)]),
          _rng.dirichlet(np.ones(2), size=10), _rng.normal(size=(6, 3, 3)))


@hidden(expected=_loop_moe(*UNUSED[:3], 3, UNUSED[3]))
def an_expert_nobody_picks(m):
    """expert 5 is never chosen: its buffer and output stay 0"""
    return m.moe_forward(*UNUSED[:3], 3, UNUSED[3])


@hidden(expected=[a.copy() for a in BIG])
def inputs_not_modified(m):
    arrays = [a.copy() for a in BIG]
    m.moe_forward(arrays[0], arrays[1], arrays[2], 8, arrays[3])
    return arrays
