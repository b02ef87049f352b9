import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, the closed-form optimal Q* of a deterministic chain, and _loop_q (a dict of
# dicts updated with Python's max, written independently of the reference).


def _loop_q(Q, transitions, alpha, gamma, n_epochs=1):
    table = {s: dict(enumerate(map(float, row))) for s, row in enumerate(Q)}
    deltas = []
    for _ in range(n_epochs):
        for s, a, r, s_next, done in transitions:
            future = 0.0 if done else gamma * max(table[s_next].values())
            delta = r + future - table[s][a]
            table[s][a] = table[s][a] + alpha * delta
            deltas.append(delta)
    return np.array([[table[s][a] for a in sorted(table[s])] for s in sorted(table)]), np.array(deltas)


def _random(seed, n_states, n_actions, n):
    rng = np.random.default_rng(seed)
    Q = rng.normal(0, 1, size=(n_states, n_actions))
    transitions = [(int(rng.integers(n_states)), int(rng.integers(n_actions)), float(rng.normal(0, 2)),
                    int(rng.integers(n_states)), bool(rng.random() < 0.2)) for _ in range(n)]
    return Q, transitions


EXAMPLE = [(0, 1, 1.0, 1, False), (1, 0, 2.0, 0, True), (0, 1, 1.0, 1, False)]


@sample(expected=(np.array([[0.0, 1.2], [1.0, 0.0]]), np.array([1.0, 2.0, 1.4])))
def prompt_example(m):
    """alpha 0.5, gamma 0.9: the third update sees Q[1, 0] = 1 written by the second"""
    return m.q_learning(np.zeros((2, 2)), EXAMPLE, 0.5, 0.9)


@sample(expected=(np.array([[0.5, 0.0], [10.0, 20.0]]), np.array([1.0])))
def terminal_ignores_next_state(m):
    """done=True: the target is r = 1 even though Q[s_next] holds 10 and 20"""
    return m.q_learning(np.array([[0.0, 0.0], [10.0, 20.0]]), [(0, 0, 1.0, 1, True)], 0.5, 0.9)


@sample(expected=[1, 0, 0])
def greedy_ties_to_lowest(m):
    """[[0, 1.2], [1, 0], [3, 3]]: the tie in the last row goes to action 0"""
    return m.greedy_policy(np.array([[0.0, 1.2], [1.0, 0.0], [3.0, 3.0]]))


GAMMA = 0.9
# Chain 0 -> 1 -> 2 -> 3: action 1 moves right (from 3 it ends the episode with reward 1), action 0 stays put.
CHAIN = [(s, 0, 0.0, s, False) for s in range(4)] + [(s, 1, 0.0, s + 1, False) for s in range(3)] + \
        [(3, 1, 1.0, 3, True)]
Q_STAR = np.array([[GAMMA ** (4 - s), GAMMA ** (3 - s)] for s in range(4)])


@hidden(expected=[Q_STAR, np.array([1, 1, 1, 1]), np.zeros(8)])
def converges_to_q_star_on_a_chain(m):
    """1000 epochs over the 8 transitions of a 4-state chain, alpha 0.8, gamma 0.9: Q*(s, right) = 0.9^(3-s),
    Q*(s, stay) = 0.9^(4-s); returns [Q, greedy policy, last 8 TD errors]"""
    Q, td = m.q_learning(np.zeros((4, 2)), CHAIN, 0.8, GAMMA, n_epochs=1000)
    return [Q, m.greedy_policy(Q), td[-8:]]


@hidden(expected=(np.array([[2.0 + 0.5 * (1.0 + 0.5 * 3.0 - 2.0), 3.0]]), np.array([1.0 + 0.5 * 3.0 - 2.0])))
def self_loop_reads_target_first(m):
    """s_next == s: y = 1 + 0.5 * max(2, 3) = 2.5 uses Q[0, 0] = 2 before it moves"""
    return m.q_learning(np.array([[2.0, 3.0]]), [(0, 0, 1.0, 0, False)], 0.5, 0.5)


NEG = np.array([[-5.0, -3.0], [-1.0, -2.0], [0.0, 0.0]])
NEG_T = [(0, 0, -1.0, 1, False), (1, 1, -1.0, 0, False), (0, 1, -0.5, 1, False), (1, 0, 0.0, 0, False)]


@hidden(expected=_loop_q(NEG, NEG_T, 0.3, 1.0, n_epochs=3))
def negative_values_and_gamma_one(m):
    """all values negative, gamma 1, three epochs: max over a negative row is negative; state 2 never appears"""
    return m.q_learning(NEG, NEG_T, 0.3, 1.0, n_epochs=3)


RANDOM = _random(1, 6, 3, 60)


@hidden(expected=_loop_q(*RANDOM, 0.1, 0.99, n_epochs=2))
def random_transitions_two_epochs(m):
    """60 random transitions (20% terminal) over 6 states and 3 actions, alpha 0.1, gamma 0.99, 2 epochs"""
    return m.q_learning(*RANDOM, 0.1, 0.99, n_epochs=2)


ALPHA_ONE = _random(2, 4, 4, 25)


@hidden(expected=_loop_q(*ALPHA_ONE, 1.0, 0.5))
def alpha_one_overwrites(m):
    """alpha 1: each update replaces Q[s, a] by its target"""
    return m.q_learning(*ALPHA_ONE, 1.0, 0.5)


@hidden(expected=[0, 2, 1, 0, 3])
def greedy_policy_many_ties(m):
    """rows with 2, 3 and 4 equal maxima, and negative values"""
    Q = np.array([[1.0, 1.0, 0.0, 1.0], [-2.0, -3.0, -1.0, -1.0], [0.0, 5.0, 5.0, 5.0], [7.0, 7.0, 7.0, 7.0],
                  [-9.0, -8.0, -8.5, -0.5]])
    return m.greedy_policy(Q)


@hidden(expected=RANDOM[0].copy())
def input_table_not_modified(m):
    Q = RANDOM[0].copy()
    m.q_learning(Q, RANDOM[1], 0.5, 0.9)
    return Q
