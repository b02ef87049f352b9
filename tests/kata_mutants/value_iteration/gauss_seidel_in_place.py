# Updates V in place state by state (Gauss-Seidel), so a sweep already uses values from the same sweep.
import numpy as np


def _q_values(P, R, gamma, V):
    return R + gamma * P @ V  # (S, A, S) @ (S,) -> (S, A)


def value_iteration(P, R, gamma, tol=1e-10, max_iters=10_000):
    P, R = np.asarray(P, dtype=float), np.asarray(R, dtype=float)
    V = np.zeros(P.shape[0])
    n_iters = 0
    while True:
        V_new = V.copy()
        for s in range(len(V)):
            V_new[s] = (R[s] + gamma * P[s] @ V_new).max()
        n_iters += 1
        done = np.max(np.abs(V_new - V)) < tol or n_iters == max_iters
        V = V_new
        if done:
            break
    policy = np.argmax(_q_values(P, R, gamma, V), axis=1)  # lowest index among exact ties
    return V, policy, n_iters
