# Rounds the hidden size down to a multiple instead of up.
import torch


def swiglu_hidden_dim(d_model, multiple_of=256, ffn_dim_multiplier=None):
    # 2/3 of the classic 4 * d_model keeps the parameter count of a 4x ReLU FFN despite the third matrix.
    hidden = int(2 * (4 * d_model) / 3)
    if ffn_dim_multiplier is not None:
        hidden = int(ffn_dim_multiplier * hidden)
    return multiple_of * (hidden // multiple_of)


def swiglu_ffn(x, W_gate, W_up, W_down):
    gate = x @ W_gate.T
    up = x @ W_up.T
    return (gate * torch.sigmoid(gate) * up) @ W_down.T  # SiLU(gate) * up, projected back to d_model
