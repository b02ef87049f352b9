import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand; _loop_vi (plain Python loops over states, actions and successors) for sweep
# counts and few-sweep values; and the exact optimum from _policy_iteration, a different algorithm (linear
# solves of the Bellman equation for a fixed policy, then greedy improvement, until the policy is stable).

EXACT = {"kind": "allclose", "rtol": 1e-7, "atol": 1e-9}


def _loop_vi(P, R, gamma, tol=1e-10, max_iters=10_000):
    S, A = R.shape
    V = [0.0] * S
    k = 0
    while True:
        new = [max(R[s][a] + gamma * sum(P[s][a][t] * V[t] for t in range(S)) for a in range(A)) for s in range(S)]
        k += 1
        change = max(abs(x - y) for x, y in zip(new, V))
        V = new
        if change < tol or k == max_iters:
            break
    Q = [[R[s][a] + gamma * sum(P[s][a][t] * V[t] for t in range(S)) for a in range(A)] for s in range(S)]
    return np.array(V), np.array([row.index(max(row)) for row in Q]), k


def _policy_iteration(P, R, gamma):
    S = R.shape[0]
    policy = np.zeros(S, dtype=int)
    while True:
        P_pi, R_pi = P[np.arange(S), policy], R[np.arange(S), policy]
        V = np.linalg.solve(np.eye(S) - gamma * P_pi, R_pi)
        better = np.argmax(R + gamma * P @ V, axis=1)
        q = R + gamma * P @ V
        # Switch only on a strict improvement, so the loop ends even with tied actions.
        improve = q[np.arange(S), better] > q[np.arange(S), policy] + 1e-12
        if not improve.any():
            return V, policy
        policy = np.where(improve, better, policy)


def _random_mdp(seed, S, A, terminal=()):
    rng = np.random.default_rng(seed)
    P = rng.random((S, A, S)) ** 3  # uneven, sometimes nearly deterministic rows
    P /= P.sum(axis=2, keepdims=True)
    R = rng.normal(0, 1, size=(S, A))
    for s in terminal:
        P[s] = 0.0
        P[s, :, s] = 1.0
        R[s] = 0.0
    return P, R


P2 = np.zeros((2, 2, 2))
P2[0, 0, 0] = P2[0, 1, 1] = P2[1, :, 1] = 1.0
R2 = np.array([[1.0, 0.0], [3.0, 3.0]])


@sample(expected=(np.array([2.7, 5.7]), np.array([1, 0]), 2))
def prompt_example_two_sweeps(m):
    """the two-state example with max_iters = 2"""
    return m.value_iteration(P2, R2, 0.9, max_iters=2)


@sample(expected=[np.array([27.0, 30.0]), np.array([1, 0])], comparator=EXACT)
def prompt_example_converged(m):
    """the same MDP run to tol 1e-10: V* = [0.9 * 30, 3 / (1 - 0.9)] = [27, 30]"""
    V, policy, _ = m.value_iteration(P2, R2, 0.9)
    return [V, policy]


@sample(expected=_loop_vi(P2, R2, 0.9)[2])
def prompt_example_sweep_count(m):
    """the number of sweeps until max |V_new - V| < 1e-10 on the example"""
    return m.value_iteration(P2, R2, 0.9)[2]


MDP = _random_mdp(1, 6, 3)


@hidden(expected=list(_policy_iteration(*MDP, 0.95)), comparator=EXACT)
def random_mdp_reaches_optimum(m):
    """6 states, 3 actions, stochastic transitions, gamma 0.95: V and policy equal policy iteration's V*, pi*"""
    V, policy, _ = m.value_iteration(*MDP, 0.95, tol=1e-12)
    return [V, policy]


@hidden(expected=_loop_vi(*MDP, 0.95, tol=1e-6))
def random_mdp_sweep_count(m):
    """the same MDP with tol 1e-6: V, policy and the exact number of sweeps"""
    return m.value_iteration(*MDP, 0.95, tol=1e-6)


CAP = _random_mdp(2, 5, 4)


@hidden(expected=_loop_vi(*CAP, 0.99, max_iters=3))
def stops_at_max_iters(m):
    """gamma 0.99, max_iters 3: far from converged, returns V_3 and n_iters 3"""
    return m.value_iteration(*CAP, 0.99, max_iters=3)


@hidden(expected=(CAP[1].max(axis=1), CAP[1].argmax(axis=1), 2))
def gamma_zero_takes_two_sweeps(m):
    """gamma 0: V_1 = max_a R, V_2 = V_1, so the stop rule fires after sweep 2"""
    return m.value_iteration(*CAP, 0.0)


TIES = _random_mdp(3, 4, 2)
TIES = (np.concatenate([TIES[0][:, :1], TIES[0][:, :1], TIES[0]], axis=1),
        np.concatenate([TIES[1][:, :1], TIES[1][:, :1], TIES[1]], axis=1))


@hidden(expected=_loop_vi(*TIES, 0.9, tol=1e-12))
def duplicated_actions_tie_to_lowest(m):
    """actions 0, 1 and 2 are the same action: where it is best the policy says 0"""
    return m.value_iteration(*TIES, 0.9, tol=1e-12)


TERM = _random_mdp(4, 7, 2, terminal=(0, 6))


@hidden(expected=list(_policy_iteration(*TERM, 0.9)), comparator=EXACT)
def absorbing_terminal_states(m):
    """7 states of which 0 and 6 are absorbing with reward 0 (their value is 0), gamma 0.9"""
    V, policy, _ = m.value_iteration(*TERM, 0.9, tol=1e-12)
    return [V, policy]


@hidden(expected=[MDP[0].copy(), MDP[1].copy()])
def inputs_not_modified(m):
    P, R = MDP[0].copy(), MDP[1].copy()
    m.value_iteration(P, R, 0.9, max_iters=5)
    return [P, R]


# Independent checks of the reference itself (plain pytest only).
def test_matches_policy_iteration(solution):
    for seed in range(10, 16):
        P, R = _random_mdp(seed, 8, 3, terminal=(seed % 8,))
        V, policy, _ = solution.value_iteration(P, R, 0.9, tol=1e-13)
        V_star, pi_star = _policy_iteration(P, R, 0.9)
        np.testing.assert_allclose(V, V_star, rtol=1e-9, atol=1e-10)
        np.testing.assert_array_equal(policy, pi_star)
