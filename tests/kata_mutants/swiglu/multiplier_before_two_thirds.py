# Applies the multiplier to 4 * d_model and then takes int(2/3 of it): different rounding.
import math

import torch


def swiglu_hidden_dim(d_model, multiple_of=256, ffn_dim_multiplier=None):
    # 2/3 of the classic 4 * d_model keeps the parameter count of a 4x ReLU FFN despite the third matrix.
    hidden = 4 * d_model
    if ffn_dim_multiplier is not None:
        hidden = ffn_dim_multiplier * hidden
    hidden = int(2 * hidden / 3)
    return multiple_of * math.ceil(hidden / multiple_of)


def swiglu_ffn(x, W_gate, W_up, W_down):
    gate = x @ W_gate.T
    up = x @ W_up.T
    return (gate * torch.sigmoid(gate) * up) @ W_down.T  # SiLU(gate) * up, projected back to d_model
