import torch


def sequence_logps(logits: torch.Tensor, labels: torch.Tensor, ignore_index: int = -100) -> torch.Tensor:
    """(B, T, V) logits and (B, T) labels -> (B,) summed log-probs of labels[:, 1:] under logits[:, :-1]."""
    raise NotImplementedError


def dpo_loss(policy_chosen: torch.Tensor, policy_rejected: torch.Tensor, ref_chosen: torch.Tensor,
             ref_rejected: torch.Tensor, beta: float = 0.1, label_smoothing: float = 0.0) -> dict:
    """{"loss": scalar tensor, "chosen_rewards", "rejected_rewards": (B,) detached,
    "reward_accuracy", "margin": floats}"""
    raise NotImplementedError
