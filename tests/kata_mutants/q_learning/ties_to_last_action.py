# Greedy policy breaks ties towards the highest action index.
import numpy as np


def q_learning(Q, transitions, alpha, gamma, n_epochs=1):
    Q = np.array(Q, dtype=float)  # a copy: the caller's table is left alone
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
    Q = np.asarray(Q)
    return Q.shape[1] - 1 - np.argmax(Q[:, ::-1], axis=1)
