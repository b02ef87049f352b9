import numpy as np


def _q_values(P, R, gamma, V):
    return R + gamma * P @ V  # (S, A, S) @ (S,) -> (S, A)


def value_iteration(P, R, gamma, tol=1e-10, max_iters=10_000):
    P, R = np.asarray(P, dtype=float), np.asarray(R, dtype=float)
    V = np.zeros(P.shape[0])
    n_iters = 0
    while True:
        V_new = _q_values(P, R, gamma, V).max(axis=1)  # synchronous: built from the old V only
        n_iters += 1
        done = np.max(np.abs(V_new - V)) < tol or n_iters == max_iters
        V = V_new
        if done:
            break
    policy = np.argmax(_q_values(P, R, gamma, V), axis=1)  # lowest index among exact ties
    return V, policy, n_iters
