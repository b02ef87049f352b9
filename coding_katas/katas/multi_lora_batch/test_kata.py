import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _per_token: one token at a time, the adapter's matrices sliced to its
# rank and applied as W_eff = W + (alpha / r) * B_r @ A_r (the merged weight), a different order of operations.
# The reference is also checked against torch LoRA layers built per adapter (plain pytest only).


def _per_token(x, W, b, A, B, ranks, alphas, ids):
    out = []
    for t in range(x.shape[0]):
        i = int(ids[t])
        W_eff = W if i < 0 else W + alphas[i] / ranks[i] * B[i, :, :ranks[i]] @ A[i, :ranks[i]]
        out.append(W_eff @ x[t] + b)
    return np.array(out)


def _case(seed, T, d_in, d_out, ranks, junk=50.0, frac_base=0.25):
    rng = np.random.default_rng(seed)
    n, r_max = len(ranks), max(ranks)
    A = rng.normal(size=(n, r_max, d_in)) * 0.3
    B = rng.normal(size=(n, d_out, r_max)) * 0.3
    for i, r in enumerate(ranks):  # padding beyond each adapter's rank holds junk
        A[i, r:] = junk
        B[i, :, r:] = -junk
    ids = rng.integers(0, n, size=T)
    ids[rng.random(T) < frac_base] = -1
    return (rng.normal(size=(T, d_in)), rng.normal(size=(d_out, d_in)) * 0.2, rng.normal(size=d_out), A, B,
            list(ranks), list(rng.uniform(4, 32, size=n)), ids)


W_EX, B_EX = np.eye(2), np.zeros(2)
A_EX = np.array([[[1.0, 1.0], [9.0, 9.0]]])
BB_EX = np.array([[[1.0, 9.0], [0.0, 9.0]]])


@sample(expected=np.array([[7.0, 2.0], [1.0, 2.0]]))
def prompt_example(m):
    """one rank-1 adapter padded to r_max 2, alpha 2: token 0 uses it, token 1 (-1) does not"""
    return m.multi_lora_linear(np.array([[1.0, 2.0], [1.0, 2.0]]), W_EX, B_EX, A_EX, BB_EX, [1], [2.0], [0, -1])


MIXED = _case(1, 12, 6, 5, [2, 4, 8])


@sample(expected=_per_token(*MIXED))
def three_adapters_of_ranks_2_4_8(m):
    """12 tokens over adapters of rank 2, 4 and 8 (padded to 8 with junk) and some base-only tokens"""
    return m.multi_lora_linear(*MIXED)


BASE = MIXED[:7] + (np.full(12, -1),)


@sample(expected=MIXED[0] @ MIXED[1].T + MIXED[2])
def every_token_base_only(m):
    """adapter_ids all -1: the plain base layer (A[-1] must never be used)"""
    return m.multi_lora_linear(*BASE)


ONE = _case(2, 9, 8, 8, [16, 4])
ONE = ONE[:7] + (np.ones(9, dtype=int),)


@hidden(expected=_per_token(*ONE))
def all_tokens_on_one_small_adapter(m):
    """every token uses adapter 1 (rank 4 of r_max 16); adapter 0 is unused"""
    return m.multi_lora_linear(*ONE)


BIG = _case(3, 64, 32, 48, [1, 8, 16, 64, 3], junk=1e6, frac_base=0.1)


@hidden(expected=_per_token(*BIG))
def five_adapters_with_huge_padding(m):
    """64 tokens, 5 adapters (ranks 1-64), padding of 1e6: any use of padding shows"""
    return m.multi_lora_linear(*BIG)


FULL = _case(4, 7, 5, 3, [3, 3], junk=0.0, frac_base=0.5)


@hidden(expected=_per_token(*FULL))
def equal_ranks_no_padding(m):
    """two rank-3 adapters with r_max 3 (no padding), half the tokens base-only"""
    return m.multi_lora_linear(*FULL)


LAST = _case(5, 10, 4, 6, [2, 5, 1], frac_base=0.0)
LAST = LAST[:7] + (np.array([2, 2, -1, 0, 2, -1, 1, 2, -1, 2]),)


@hidden(expected=_per_token(*LAST))
def minus_one_is_not_the_last_adapter(m):
    """-1 tokens between tokens of the last adapter (index 2): A[-1] would silently pick adapter 2"""
    return m.multi_lora_linear(*LAST)


@hidden(expected=[a.copy() for a in MIXED[:5]])
def inputs_not_modified(m):
    arrays = [a.copy() for a in MIXED[:5]]
    m.multi_lora_linear(*arrays, *MIXED[5:])
    return arrays


# Independent checks of the reference itself (plain pytest only).
def test_matches_per_adapter_torch_lora(solution):
    import torch

    x, W, b, A, B, ranks, alphas, ids = _case(10, 20, 12, 10, [4, 8, 2])
    base = torch.nn.Linear(12, 10, dtype=torch.float64)
    with torch.no_grad():
        base.weight.copy_(torch.tensor(W))
        base.bias.copy_(torch.tensor(b))
        tx = torch.tensor(x)
        expected = base(tx)
        for i, r in enumerate(ranks):
            rows = torch.tensor(ids == i)
            delta = tx[rows] @ torch.tensor(A[i, :r]).T @ torch.tensor(B[i, :, :r]).T * (alphas[i] / r)
            expected[rows] += delta
    np.testing.assert_allclose(solution.multi_lora_linear(x, W, b, A, B, ranks, alphas, ids), expected.numpy(),
                               rtol=1e-12, atol=1e-12)
