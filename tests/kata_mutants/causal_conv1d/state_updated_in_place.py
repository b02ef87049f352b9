# Updates the caller's state tensor in place (roll and overwrite) instead of returning a new one.
import torch
import torch.nn.functional as F


def causal_conv1d(x, weight, bias=None):
    channels, k = weight.shape
    padded = F.pad(x, (k - 1, 0))  # zeros on the left only: output t never sees inputs after t
    y = F.conv1d(padded, weight.unsqueeze(1), bias, groups=channels)
    state = padded[..., padded.shape[-1] - (k - 1):]  # the last K-1 inputs, left zeros kept for short inputs
    return y, state


def causal_conv1d_step(x_t, state, weight, bias=None):
    window = torch.cat([state, x_t.unsqueeze(-1)], dim=-1)  # (B, C, K), oldest first
    y = (window * weight).sum(-1)
    if bias is not None:
        y = y + bias
    if state.shape[-1]:
        state[..., :-1] = state[..., 1:].clone()
        state[..., -1] = x_t
    return y, state
