# Takes the state from the unpadded input, so a sequence shorter than K - 1 gives a short state.
import torch
import torch.nn.functional as F


def causal_conv1d(x, weight, bias=None):
    channels, k = weight.shape
    padded = F.pad(x, (k - 1, 0))  # zeros on the left only: output t never sees inputs after t
    y = F.conv1d(padded, weight.unsqueeze(1), bias, groups=channels)
    state = x[..., max(x.shape[-1] - (k - 1), 0):]
    return y, state


def causal_conv1d_step(x_t, state, weight, bias=None):
    window = torch.cat([state, x_t.unsqueeze(-1)], dim=-1)  # (B, C, K), oldest first
    y = (window * weight).sum(-1)
    if bias is not None:
        y = y + bias
    return y, window[..., 1:]
