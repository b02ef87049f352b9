import numpy as np


def rnn_bptt(x, h0, W_ih, W_hh, b_ih, b_hh, dH):
    x, h0, dH = (np.asarray(a, dtype=float) for a in (x, h0, dH))
    T = x.shape[0]
    hs = [h0]  # hs[t] is h_t
    for t in range(T):
        hs.append(np.tanh(x[t] @ W_ih.T + b_ih + hs[-1] @ W_hh.T + b_hh))

    dx = np.zeros_like(x)
    dW_ih, dW_hh = np.zeros_like(W_ih, dtype=float), np.zeros_like(W_hh, dtype=float)
    db = np.zeros(W_hh.shape[0])
    carry = np.zeros_like(h0)  # dL/dh_t arriving from step t + 1
    for t in range(T, 0, -1):
        da = (dH[t - 1] + carry) * (1.0 - hs[t] ** 2)  # through tanh, using its output
        dW_ih += da.T @ x[t - 1]
        dW_hh += da.T @ hs[t - 1]
        db += da.sum(axis=0)
        dx[t - 1] = da @ W_ih
        carry = da @ W_hh
    # Both biases enter the same sum, so they get the same gradient.
    return {"H": np.stack(hs[1:]), "dx": dx, "dh0": carry, "dW_ih": dW_ih, "dW_hh": dW_hh,
            "db_ih": db, "db_hh": db.copy()}
