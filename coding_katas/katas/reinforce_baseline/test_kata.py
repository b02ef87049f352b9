import math

import numpy as np

from coding_katas.scenarios import hidden, sample

# Expected values: by hand, and from _loop_update (plain Python, one step at a time, math.log of a shifted
# sum for the log-softmax). The reference is also checked against torch autograd below (plain pytest only).


def _loop_update(theta, values, episodes, gamma, lr_pi, lr_v):
    theta, values = [list(map(float, row)) for row in theta], list(map(float, values))
    steps, returns = [], []
    for ep in episodes:
        g, ep_returns = 0.0, []
        for s, a, r in reversed(ep):
            g = r + gamma * g
            ep_returns.insert(0, g)
            steps.append((s, a, g))
        returns.append(np.array(ep_returns))
    n = len(steps)
    new_theta = [row[:] for row in theta]
    new_values = values[:]
    loss = 0.0
    for s, a, g in steps:
        adv = g - values[s]
        top = max(theta[s])
        log_z = top + math.log(sum(math.exp(z - top) for z in theta[s]))
        loss -= adv * (theta[s][a] - log_z) / n
        for b in range(len(theta[s])):
            pi_b = math.exp(theta[s][b] - log_z)
            new_theta[s][b] += lr_pi * adv * ((b == a) - pi_b) / n
        new_values[s] += lr_v * adv / n
    return {"returns": returns, "loss": loss, "theta": np.array(new_theta), "values": np.array(new_values)}


def _case(seed, n_states, n_actions, lengths, scale=1.0):
    rng = np.random.default_rng(seed)
    theta = rng.normal(0, scale, size=(n_states, n_actions))
    values = rng.normal(0, 1, size=n_states)
    episodes = [[(int(rng.integers(n_states)), int(rng.integers(n_actions)), float(rng.normal(0.5, 1)))
                 for _ in range(k)] for k in lengths]
    return theta, values, episodes


@sample(expected={"returns": [np.array([1.0]), np.array([0.0])], "loss": 0.0, "theta": np.array([[-0.25, 0.25]]),
                  "values": np.array([0.5])})
def prompt_example(m):
    """one state, two one-step episodes (action 1 earns 1, action 0 earns 0), V = 0.5, gamma 0.9"""
    return m.reinforce_update(np.zeros((1, 2)), np.array([0.5]), [[(0, 1, 1.0)], [(0, 0, 0.0)]], 0.9, 1.0, 0.5)


@sample(expected={"returns": [np.array([2.0, 2.0])], "loss": 2 * math.log(2),
                  "theta": np.array([[0.05, -0.05], [-0.05, 0.05]]), "values": np.array([1.0, 1.0])})
def two_steps_by_hand(m):
    """episode (s0, a0, r 1), (s1, a1, r 2), gamma 0.5: G = [2, 2], V = 0, uniform policy, lr_pi 0.1, lr_v 1"""
    return m.reinforce_update(np.zeros((2, 2)), np.zeros(2), [[(0, 0, 1.0), (1, 1, 2.0)]], 0.5, 0.1, 1.0)


RESET = (np.array([[0.2, -0.1, 0.0], [1.0, 0.5, -0.5]]), np.array([0.3, -0.2]),
         [[(0, 2, 1.0), (1, 0, 0.0), (0, 1, 2.0)], [(1, 1, -1.0), (1, 2, 3.0)]])


@sample(expected=_loop_update(*RESET, 1.0, 0.5, 0.2))
def returns_restart_each_episode(m):
    """two episodes, gamma 1: the second episode's rewards must not flow into the first one's returns"""
    return m.reinforce_update(*RESET, 1.0, 0.5, 0.2)


RANDOM = _case(1, 5, 3, [4, 7, 1, 5])


@hidden(expected=_loop_update(*RANDOM, 0.99, 0.3, 0.1))
def random_batch(m):
    """5 states, 3 actions, 4 episodes of 4, 7, 1 and 5 steps, gamma 0.99"""
    return m.reinforce_update(*RANDOM, 0.99, 0.3, 0.1)


GREEDY = _case(2, 4, 4, [3, 3, 6])


@hidden(expected=_loop_update(*GREEDY, 0.0, 1.0, 1.0))
def gamma_zero(m):
    """gamma 0: each return is its own reward"""
    return m.reinforce_update(*GREEDY, 0.0, 1.0, 1.0)


HUGE = _case(3, 3, 4, [5, 2], scale=1000.0)


@hidden(expected=_loop_update(*HUGE, 0.9, 0.01, 0.5))
def logits_of_magnitude_1000(m):
    """logits ~ N(0, 1000): exp overflows without a max shift"""
    return m.reinforce_update(*HUGE, 0.9, 0.01, 0.5)


REPEAT = (np.array([[0.0, 1.0], [2.0, -1.0], [0.5, 0.5]]), np.array([1.0, 0.0, 9.0]),
          [[(0, 0, 1.0), (0, 1, 0.0), (0, 0, 2.0), (1, 1, -1.0), (0, 1, 0.5)]])


@hidden(expected=_loop_update(*REPEAT, 0.8, 0.5, 0.25))
def revisited_state_and_unvisited_state(m):
    """state 0 is visited four times in one episode, state 2 never (its row and value stay as they are)"""
    return m.reinforce_update(*REPEAT, 0.8, 0.5, 0.25)


LONG = _case(4, 6, 2, [40])


@hidden(expected=_loop_update(*LONG, 1.0, 0.05, 0.05))
def one_long_episode_gamma_one(m):
    """one 40-step episode, gamma 1: G_0 is the sum of all 40 rewards"""
    return m.reinforce_update(*LONG, 1.0, 0.05, 0.05)


@hidden(expected=_loop_update(*_case(5, 3, 3, [1, 1, 1, 1, 1, 1]), 0.9, 2.0, 0.7))
def one_step_episodes(m):
    """six one-step episodes (a contextual bandit)"""
    return m.reinforce_update(*_case(5, 3, 3, [1, 1, 1, 1, 1, 1]), 0.9, 2.0, 0.7)


@hidden(expected=[RANDOM[0].copy(), RANDOM[1].copy()])
def inputs_not_modified(m):
    theta, values = RANDOM[0].copy(), RANDOM[1].copy()
    m.reinforce_update(theta, values, RANDOM[2], 0.9, 1.0, 1.0)
    return [theta, values]


# Independent checks of the reference itself (plain pytest only).
def test_policy_step_matches_torch_autograd(solution):
    import torch

    for seed in (11, 12, 13):
        theta, values, episodes = _case(seed, 4, 3, [3, 6, 2, 5])
        out = solution.reinforce_update(theta, values, episodes, 0.95, 0.1, 0.2)
        steps = [(s, a) for ep in episodes for s, a, _ in ep]
        G = torch.tensor(np.concatenate(out["returns"]))
        s_idx = torch.tensor([s for s, _ in steps])
        a_idx = torch.tensor([a for _, a in steps])
        t = torch.tensor(theta, requires_grad=True)
        adv = G - torch.tensor(values)[s_idx]
        loss = -(adv * torch.log_softmax(t, -1)[s_idx, a_idx]).mean()
        loss.backward()
        assert abs(out["loss"] - loss.item()) < 1e-12
        np.testing.assert_allclose(out["theta"], theta - 0.1 * t.grad.numpy(), rtol=1e-12, atol=1e-14)
        v = torch.tensor(values, requires_grad=True)
        (0.5 * ((G - v[s_idx]) ** 2).mean()).backward()
        np.testing.assert_allclose(out["values"], values - 0.2 * v.grad.numpy(), rtol=1e-12, atol=1e-14)
