# Computes the output under torch.no_grad (e.g. copied from an inference path): no gradients flow.
import math

import torch


def gqa_attention(q, k, v, key_padding_mask=None):
    B, Hq, Lq, d = q.shape
    Lk = k.shape[2]
    group = Hq // k.shape[1]
    # Consecutive query heads share a KV head (repeat_interleave, not repeat/tile).
    k, v = k.repeat_interleave(group, dim=1), v.repeat_interleave(group, dim=1)
    scores = q @ k.transpose(-2, -1) / math.sqrt(d)
    q_pos = torch.arange(Lk - Lq, Lk).unsqueeze(1)
    allowed = (torch.arange(Lk).unsqueeze(0) <= q_pos).expand(B, 1, Lq, Lk)
    if key_padding_mask is not None:
        allowed = allowed & key_padding_mask[:, None, None, :]
    scores = scores.masked_fill(~allowed, float("-inf"))
    any_allowed = allowed.any(-1, keepdim=True)
    # A fully masked row would be softmax(all -inf) = nan: give it zero scores, then zero its output.
    weights = torch.softmax(scores.masked_fill(~any_allowed, 0.0), dim=-1)
    with torch.no_grad():
        return (weights @ v) * any_allowed
