import math

import numpy as np
import torch

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _loop_attention: one (batch, head, query) row at a time with Python
# lists of allowed keys and a max-shifted softmax, in NumPy; gradients from autograd through a per-row torch
# version of the same loop. The reference is also checked against F.scaled_dot_product_attention with
# enable_gqa=True (plain pytest only).
F32 = {"kind": "allclose", "rtol": 1e-5, "atol": 1e-6}


def _loop_attention(q, k, v, pad=None):
    B, Hq, Lq, d = q.shape
    Hkv, Lk = k.shape[1], k.shape[2]
    out = np.zeros((B, Hq, Lq, v.shape[-1]))
    for b in range(B):
        for h in range(Hq):
            kv = h // (Hq // Hkv)
            for i in range(Lq):
                keys = [j for j in range(Lk) if j <= Lk - Lq + i and (pad is None or pad[b, j])]
                if not keys:
                    continue
                s = np.array([q[b, h, i] @ k[b, kv, j] / math.sqrt(d) for j in keys])
                w = np.exp(s - s.max())
                out[b, h, i] = (w / w.sum()) @ v[b, kv, keys]
    return out


def _loop_grads(q, k, v, pad, g):
    q, k, v = (t.clone().requires_grad_() for t in (q, k, v))
    B, Hq, Lq, d = q.shape
    Hkv, Lk = k.shape[1], k.shape[2]
    total = 0
    for b in range(B):
        for h in range(Hq):
            kv = h // (Hq // Hkv)
            for i in range(Lq):
                keys = [j for j in range(Lk) if j <= Lk - Lq + i and (pad is None or bool(pad[b, j]))]
                if keys:
                    w = torch.softmax(k[b, kv, keys] @ q[b, h, i] / math.sqrt(d), dim=0)
                    total = total + (w @ v[b, kv, keys] * g[b, h, i]).sum()
    total.backward()
    return [q.grad, k.grad, v.grad]


def _case(seed, B, Hq, Hkv, Lq, Lk, d, dtype=torch.float64):
    gen = torch.Generator().manual_seed(seed)
    q = torch.randn(B, Hq, Lq, d, generator=gen, dtype=torch.float64)
    k = torch.randn(B, Hkv, Lk, d, generator=gen, dtype=torch.float64)
    v = torch.randn(B, Hkv, Lk, d, generator=gen, dtype=torch.float64)
    return q.to(dtype), k.to(dtype), v.to(dtype)


def _np(*ts):
    return [t.double().numpy() for t in ts]


Q1, K1, V1 = torch.tensor([[[[1.0]], [[2.0]]]]), torch.tensor([[[[0.0], [1.0]]]]), torch.tensor([[[[10.0], [20.0]]]])


@sample(expected=np.array([[[[10 + 10 * math.e / (1 + math.e)]], [[10 + 10 * math.e ** 2 / (1 + math.e ** 2)]]]]))
def prompt_example(m):
    """2 query heads share 1 KV head; one query at position 1 sees keys 0 and 1"""
    return m.gqa_attention(Q1.double(), K1.double(), V1.double())


PREFILL = _case(1, 2, 4, 2, 5, 5, 8)


@sample(expected=_loop_attention(*_np(*PREFILL)))
def prefill_four_heads_two_kv(m):
    """B=2, Hq=4, Hkv=2, L=5, d=8: heads 0,1 read KV head 0 and heads 2,3 read KV head 1; causal"""
    return m.gqa_attention(*PREFILL)


DECODE = _case(2, 1, 8, 2, 1, 12, 4)


@sample(expected=_loop_attention(*_np(*DECODE)))
def one_decode_step_against_a_cache(m):
    """Lq = 1 against 12 cached positions: the new query sees all 12 keys"""
    return m.gqa_attention(*DECODE)


MQA = _case(3, 2, 6, 1, 3, 7, 5)


@hidden(expected=_loop_attention(*_np(*MQA)))
def multi_query_attention(m):
    """Hkv = 1: all 6 query heads share one KV head; 3 queries at positions 4-6 of 7"""
    return m.gqa_attention(*MQA)


MHA = _case(4, 1, 3, 3, 4, 4, 6)


@hidden(expected=_loop_attention(*_np(*MHA)))
def plain_multi_head(m):
    """Hkv = Hq: ordinary causal multi-head attention"""
    return m.gqa_attention(*MHA)


LEFT = _case(5, 3, 4, 2, 6, 6, 4)
PAD = torch.tensor([[True] * 6, [False, False, True, True, True, True], [False] * 5 + [True]])


@hidden(expected=_loop_attention(*_np(*LEFT), pad=PAD.numpy()))
def left_padded_prompts(m):
    """3 prompts left-padded to 6 (lengths 6, 4, 1): padding query rows see no real key and output zeros"""
    return m.gqa_attention(*LEFT, key_padding_mask=PAD)


PAD_DEC = _case(6, 2, 4, 1, 2, 9, 3)
PAD2 = torch.tensor([[True] * 9, [False] * 4 + [True] * 5])


@hidden(expected=_loop_attention(*_np(*PAD_DEC), pad=PAD2.numpy()))
def two_new_tokens_with_padding(m):
    """Lq = 2 new tokens at positions 7 and 8 of a padded cache of 9"""
    return m.gqa_attention(*PAD_DEC, key_padding_mask=PAD2)


F32_CASE = _case(7, 2, 8, 4, 6, 6, 16, torch.float32)


@hidden(expected=[_loop_attention(*_np(*F32_CASE)), "torch.float32"], comparator=F32)
def float32_input(m):
    """float32 in, float32 out"""
    out = m.gqa_attention(*F32_CASE)
    return [out, str(out.dtype)]


GRAD = _case(8, 1, 4, 2, 3, 5, 3)
G_UP = torch.randn(1, 4, 3, 3, generator=torch.Generator().manual_seed(9), dtype=torch.float64)
GPAD = torch.tensor([[False, True, True, True, True]])


@hidden(expected=_loop_grads(*GRAD, GPAD, G_UP))
def gradients_reach_q_k_v(m):
    """d sum(out * g) / d (q, k, v) with padding: the shared KV heads collect gradients from both query heads"""
    q, k, v = (t.clone().requires_grad_() for t in GRAD)
    (m.gqa_attention(q, k, v, key_padding_mask=GPAD) * G_UP).sum().backward()
    return [q.grad, k.grad, v.grad]


# Independent checks of the reference itself (plain pytest only).
def test_matches_sdpa_enable_gqa(solution):
    import torch.nn.functional as F

    for seed, (B, Hq, Hkv, L, d) in enumerate([(2, 8, 2, 7, 16), (1, 4, 4, 3, 8), (3, 6, 1, 5, 4)]):
        q, k, v = _case(20 + seed, B, Hq, Hkv, L, L, d)
        expected = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        torch.testing.assert_close(solution.gqa_attention(q, k, v), expected)
