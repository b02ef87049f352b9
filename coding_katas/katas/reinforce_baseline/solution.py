import numpy as np


def _log_softmax(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _returns(rewards, gamma):
    out = np.zeros(len(rewards))
    g = 0.0  # every episode terminates after its last step
    for t in range(len(rewards) - 1, -1, -1):
        g = rewards[t] + gamma * g
        out[t] = g
    return out


def reinforce_update(theta, values, episodes, gamma, lr_pi, lr_v):
    theta, values = np.asarray(theta, dtype=float), np.asarray(values, dtype=float)
    returns = [_returns([r for _, _, r in ep], gamma) for ep in episodes]
    states = np.array([s for ep in episodes for s, _, _ in ep])
    actions = np.array([a for ep in episodes for _, a, _ in ep])
    G = np.concatenate(returns)
    n = len(G)
    adv = G - values[states]  # baseline from the values before this update

    log_pi = _log_softmax(theta)
    # d log pi(a|s) / d theta[s] = onehot(a) - pi(.|s); accumulate per visited state.
    score = -np.exp(log_pi[states])
    score[np.arange(n), actions] += 1.0
    grad = np.zeros_like(theta)
    np.add.at(grad, states, adv[:, None] * score)

    value_step = np.zeros_like(values)
    np.add.at(value_step, states, adv)
    loss = -float(np.sum(adv * log_pi[states, actions])) / n
    return {"returns": returns, "loss": loss, "theta": theta + lr_pi * grad / n,
            "values": values + lr_v * value_step / n}
