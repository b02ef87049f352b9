from types import SimpleNamespace

import numpy as np

from coding_katas.scenarios import hidden, sample

_W = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 2.0], [4.0, -2.0]])


def _error_name(call):
    try:
        call()
    except ValueError:
        return "ValueError"
    return "no error"


def _bag_loop(weight, indices, offsets, mode="mean", per_sample_weights=None):
    """Independent model: validate as the prompt lists, then pool bag by bag with Python sums."""
    L, B = len(indices), len(offsets)
    decreasing = any(b < a for a, b in zip(offsets, offsets[1:], strict=False))
    bad_offsets = (B == 0 and L > 0) or (B > 0 and (offsets[0] != 0 or decreasing or max(offsets) > L))
    if mode not in ("sum", "mean") or (per_sample_weights is not None and mode == "mean") or bad_offsets:
        raise ValueError("invalid arguments")
    out = np.zeros((B, weight.shape[1]))
    for b in range(B):
        members = range(int(offsets[b]), int(offsets[b + 1]) if b + 1 < B else L)
        for j in members:
            out[b] += (1.0 if per_sample_weights is None else per_sample_weights[j]) * weight[indices[j]]
        if mode == "mean" and len(members):
            out[b] /= len(members)
    return out


_MODEL = SimpleNamespace(embedding_bag=_bag_loop)


def _expected_from_model(declare):
    """Declare the scenario with the value it produces on _MODEL as its expected value."""
    return lambda fn: declare(expected=fn(_MODEL))(fn)


def _random_case(seed, vocab, dim, n_items, n_bags):
    """A table, indices and sorted offsets that start at 0 (some bags empty)."""
    rng = np.random.default_rng(seed)
    weight = rng.normal(size=(vocab, dim))
    indices = rng.integers(0, vocab, size=n_items)
    offsets = np.sort(rng.integers(0, n_items + 1, size=n_bags))
    offsets[0] = 0
    return weight, indices, offsets


@sample(expected=np.array([[1.5, 1.0], [8 / 3, -1.0]]))
def prompt_example_mean(m):
    """indices [0, 2, 1, 3, 3], offsets [0, 2], mode "mean" on a (4, 2) table"""
    return m.embedding_bag(_W, np.array([0, 2, 1, 3, 3]), np.array([0, 2]))


@sample(expected=np.array([[3.0, 2.0], [0.0, 0.0], [8.0, -3.0]]))
def empty_middle_bag_sum(m):
    """indices [0, 2, 1, 3, 3], offsets [0, 2, 2], mode "sum": the middle bag is empty"""
    return m.embedding_bag(_W, np.array([0, 2, 1, 3, 3]), np.array([0, 2, 2]), mode="sum")


@sample(expected=np.array([[2.0, -1.0], [2.0, 2.0]]))
def per_sample_weights_sum(m):
    """indices [3, 0, 1, 1], offsets [0, 1], weights [0.5, 2, -1, 3], mode "sum" """
    return m.embedding_bag(_W, np.array([3, 0, 1, 1]), np.array([0, 1]), mode="sum",
                           per_sample_weights=np.array([0.5, 2.0, -1.0, 3.0]))


@_expected_from_model(hidden)
def empty_bags_at_both_ends_mean(m):
    """offsets [0, 0, 3, 5, 5] over 5 indices, mode "mean": first and last bags empty"""
    return m.embedding_bag(_W, np.array([1, 2, 3, 0, 0]), np.array([0, 0, 3, 5, 5]))


@_expected_from_model(hidden)
def trailing_empty_bags_sum(m):
    """offsets [0, 4, 4, 4] over 4 indices, mode "sum" """
    return m.embedding_bag(_W, np.array([3, 3, 2, 1]), np.array([0, 4, 4, 4]), mode="sum")


@_expected_from_model(hidden)
def all_bags_empty(m):
    """no indices, offsets [0, 0, 0], both modes"""
    empty = np.array([], dtype=np.int64)
    return [m.embedding_bag(_W, empty, np.array([0, 0, 0]), mode=mode) for mode in ("sum", "mean")]


@_expected_from_model(hidden)
def no_bags(m):
    """no indices and no offsets: shape (0, D)"""
    empty = np.array([], dtype=np.int64)
    return m.embedding_bag(_W, empty, empty.copy(), mode="sum")


@_expected_from_model(hidden)
def one_bag_with_repeats(m):
    """a single bag [2, 2, 2, 0]: the mean counts repeats"""
    return [m.embedding_bag(_W, np.array([2, 2, 2, 0]), np.array([0]), mode=mode) for mode in ("sum", "mean")]


@_expected_from_model(hidden)
def one_entry_per_bag_is_a_lookup(m):
    """offsets 0..L-1: every bag holds one index, so both modes equal weight[indices]"""
    idx = np.array([3, 1, 1, 0, 2])
    return [m.embedding_bag(_W, idx, np.arange(5), mode=mode) for mode in ("sum", "mean")]


@hidden(expected=["ValueError"] * 7 + ["no error"])
def invalid_arguments_raise(m):
    """bad mode; weights with mean; offsets not starting at 0; decreasing; beyond L; no bags for
    non-empty indices; weights with mean on a valid layout; a valid call"""
    idx = np.array([0, 1, 2])
    w = np.ones(3)
    return [
        _error_name(lambda: m.embedding_bag(_W, idx, np.array([0]), mode="max")),
        _error_name(lambda: m.embedding_bag(_W, idx, np.array([0, 1]), mode="mean", per_sample_weights=w)),
        _error_name(lambda: m.embedding_bag(_W, idx, np.array([1, 2]), mode="sum")),
        _error_name(lambda: m.embedding_bag(_W, idx, np.array([0, 2, 1]), mode="sum")),
        _error_name(lambda: m.embedding_bag(_W, idx, np.array([0, 4]), mode="sum")),
        _error_name(lambda: m.embedding_bag(_W, idx, np.array([], dtype=np.int64), mode="sum")),
        _error_name(lambda: m.embedding_bag(_W, idx, np.array([0]), per_sample_weights=w)),
        _error_name(lambda: m.embedding_bag(_W, idx, np.array([0, 3]), mode="sum", per_sample_weights=w)),
    ]


@_expected_from_model(hidden)
def inputs_are_not_modified(m):
    """call in both modes (sum with weights), then return all inputs"""
    weight, indices, offsets = _random_case(1, 6, 3, 10, 4)
    psw = np.linspace(-1.0, 1.0, 10)
    m.embedding_bag(weight, indices, offsets, mode="sum", per_sample_weights=psw)
    m.embedding_bag(weight, indices, offsets, mode="mean")
    return [weight, indices, offsets, psw]


@_expected_from_model(hidden)
def larger_random(m):
    """V = 50, D = 8, L = 300, B = 60 sorted random offsets (some bags empty), both modes and weights"""
    weight, indices, offsets = _random_case(2, 50, 8, 300, 60)
    psw = np.random.default_rng(22).uniform(-2.0, 2.0, size=300)
    return [m.embedding_bag(weight, indices, offsets, mode="sum"),
            m.embedding_bag(weight, indices, offsets, mode="mean"),
            m.embedding_bag(weight, indices, offsets, mode="sum", per_sample_weights=psw)]


# Independent checks of the reference itself (plain pytest only).
def test_matches_torch_embedding_bag(solution):
    import torch
    import torch.nn.functional as F

    for seed, (vocab, dim, n_items, n_bags) in [(30, (10, 4, 25, 7)), (31, (5, 3, 6, 6)), (32, (40, 16, 200, 30))]:
        weight, indices, offsets = _random_case(seed, vocab, dim, n_items, n_bags)
        psw = np.random.default_rng(seed).normal(size=n_items)
        tw, ti, to = torch.from_numpy(weight), torch.from_numpy(indices), torch.from_numpy(offsets)
        for mode in ("sum", "mean"):
            expected = F.embedding_bag(ti, tw, to, mode=mode).numpy()
            np.testing.assert_allclose(solution.embedding_bag(weight, indices, offsets, mode=mode), expected,
                                       rtol=1e-12, atol=1e-12)
        expected = F.embedding_bag(ti, tw, to, mode="sum", per_sample_weights=torch.from_numpy(psw)).numpy()
        np.testing.assert_allclose(solution.embedding_bag(weight, indices, offsets, mode="sum",
                                                          per_sample_weights=psw), expected, rtol=1e-12, atol=1e-12)


def test_matches_python_loop(solution):
    weight, indices, offsets = _random_case(40, 9, 5, 40, 12)
    ends = list(offsets[1:]) + [len(indices)]
    for mode in ("sum", "mean"):
        expected = np.zeros((len(offsets), 5))
        for b, (start, end) in enumerate(zip(offsets, ends, strict=True)):
            for j in range(start, end):
                expected[b] += weight[indices[j]]
            if mode == "mean" and end > start:
                expected[b] /= end - start
        np.testing.assert_allclose(solution.embedding_bag(weight, indices, offsets, mode=mode), expected, rtol=1e-12)
