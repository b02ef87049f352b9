import torch
import torch.nn.functional as F


def sequence_logps(logits, labels, ignore_index=-100):
    logits, labels = logits[:, :-1], labels[:, 1:]  # position t predicts token t + 1
    keep = labels != ignore_index
    safe = torch.where(keep, labels, torch.zeros_like(labels))  # gather needs a valid index everywhere
    per_token = torch.log_softmax(logits, dim=-1).gather(-1, safe.unsqueeze(-1)).squeeze(-1)
    return torch.where(keep, per_token, torch.zeros_like(per_token)).sum(-1)


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta=0.1, label_smoothing=0.0):
    chosen = policy_chosen - ref_chosen
    rejected = policy_rejected - ref_rejected
    z = beta * (chosen - rejected)
    # logsigmoid is stable for any |z|; log(sigmoid(z)) is -inf below about -745 in float64.
    losses = -(1 - label_smoothing) * F.logsigmoid(z) - label_smoothing * F.logsigmoid(-z)
    chosen_rewards, rejected_rewards = (beta * chosen).detach(), (beta * rejected).detach()
    return {"loss": losses.mean(), "chosen_rewards": chosen_rewards, "rejected_rewards": rejected_rewards,
            "reward_accuracy": float((chosen_rewards > rejected_rewards).double().mean()),
            "margin": float((chosen_rewards - rejected_rewards).mean())}
