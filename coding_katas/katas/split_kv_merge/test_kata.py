import math

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _full_attention: ordinary attention over all the keys at once (one softmax
# per head, lse from np.logaddexp.reduce), which the split-and-merge result must equal.


def _full_attention(q, k, v):
    s = np.einsum("hd,hnd->hn", q, k) / math.sqrt(q.shape[1])
    lse = np.logaddexp.reduce(s, axis=1)
    return np.einsum("hn,hnv->hv", np.exp(s - lse[:, None]), v), lse


def _case(seed, H, n, d, dv, scale=1.0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(H, d)) * scale, rng.normal(size=(H, n, d)) * scale, rng.normal(size=(H, n, dv))


Q1, K1, V1 = np.array([[1.0]]), np.array([[[0.0], [2.0]]]), np.array([[[10.0], [20.0]]])


@sample(expected=[(np.array([[10.0]]), np.array([0.0])), (np.array([[20.0]]), np.array([2.0]))])
def partials_by_hand(m):
    """one head, d = 1, q = 1: split [k=0, v=10] and split [k=2, v=20]"""
    return [m.partial_attention(Q1, K1[:, :1], V1[:, :1]), m.partial_attention(Q1, K1[:, 1:], V1[:, 1:])]


@sample(expected=(np.array([[10 + 10 * math.e ** 2 / (1 + math.e ** 2)]]), np.array([math.log(1 + math.e ** 2)])))
def merge_by_hand(m):
    """merging (10, lse 0) and (20, lse 2): weights 1 / (1 + e^2) and e^2 / (1 + e^2)"""
    return m.merge_partials([np.array([[10.0]]), np.array([[20.0]])], [np.array([0.0]), np.array([2.0])])


CASE = _case(1, 4, 37, 16, 8)


@sample(expected=_full_attention(*CASE))
def four_splits_equal_full_attention(m):
    """4 heads, 37 cached keys, d = 16, dv = 8, 4 splits (10, 9, 9, 9 keys)"""
    return m.split_kv_attention(*CASE, 4)


SHORT = _case(2, 2, 3, 4, 5)


@hidden(expected=_full_attention(*SHORT))
def more_splits_than_keys(m):
    """3 keys in 7 splits: four splits are empty (lse -inf, o 0) and must not create nan"""
    return m.split_kv_attention(*SHORT, 7)


HOT = _case(3, 3, 50, 8, 4, scale=25.0)


@hidden(expected=_full_attention(*HOT))
def scores_in_the_thousands(m):
    """q and k scaled by 25: scores of magnitude ~1000 and more, exp overflows without max shifts"""
    return m.split_kv_attention(*HOT, 6)


@hidden(expected=_full_attention(*CASE))
def one_split(m):
    """n_splits = 1: the partial is the whole answer"""
    return m.split_kv_attention(*CASE, 1)


O3 = [np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 2)), np.array([[5.0, 6.0], [0.0, 0.0]])]
L3 = [np.array([0.5, -np.inf]), np.array([-np.inf, -np.inf]), np.array([1.5, -np.inf])]
W = 1 / (1 + math.e)


@hidden(expected=(np.array([[W * 1 + (1 - W) * 5, W * 2 + (1 - W) * 6], [0.0, 0.0]]),
                  np.array([0.5 + math.log(1 + math.e), -np.inf])))
def merge_with_empty_splits_and_an_empty_head(m):
    """head 0: splits with lse 0.5, -inf, 1.5; head 1: every split empty -> lse -inf, output 0"""
    return m.merge_partials(O3, L3)


UNEVEN = _case(4, 2, 20, 6, 3)


@hidden(expected=_full_attention(*UNEVEN))
def merge_uneven_chunks_by_hand_split(m):
    """partials over keys 0-2, 3-16 and 17-19 (uneven chunks) merged in a different order (last, first, middle)"""
    q, k, v = UNEVEN
    parts = [m.partial_attention(q, k[:, a:b], v[:, a:b]) for a, b in ((17, 20), (0, 3), (3, 17))]
    return m.merge_partials([p[0] for p in parts], [p[1] for p in parts])


@hidden(expected=[a.copy() for a in CASE])
def inputs_not_modified(m):
    q, k, v = (a.copy() for a in CASE)
    m.split_kv_attention(q, k, v, 3)
    return [q, k, v]
