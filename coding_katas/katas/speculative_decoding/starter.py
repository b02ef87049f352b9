def speculative_generate(prompt: list[int], draft_model, target_model, gamma: int, max_new_tokens: int, rng,
                         eos_id: int | None = None) -> dict:
    """Draft gamma tokens, verify them with one target pass, accept/reject, add one target token; repeat.

    Returns {"tokens", "accepted" (per round), "target_calls", "draft_calls"}.
    """
    raise NotImplementedError
