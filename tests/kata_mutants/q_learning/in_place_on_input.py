# Updates the caller's table in place (no copy).
import numpy as np


def q_learning(Q, transitions, alpha, gamma, n_epochs=1):
    Q = np.asarray(Q, dtype=float)
    td_errors = []
    for _ in range(n_epochs):
        for s, a, r, s_next, done in transitions:
            # Target read from the current table, before Q[s, a] moves (s_next may be s).
            target = r if done else r + gamma * Q[s_next].max()
            delta = target - Q[s, a]
            Q[s, a] += alpha * delta
            td_errors.append(delta)
    return Q, np.array(td_errors, dtype=float)


def greedy_policy(Q):
    return np.argmax(np.asarray(Q), axis=1)  # first maximum on ties
