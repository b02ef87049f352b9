def run_agent(model, tools: dict, user_message: str, max_steps: int = 8, max_retries: int = 1,
              max_output_chars: int = 200) -> dict:
    """Model -> tool calls -> tool results loop. Returns {"status", "final", "transcript", "steps", "tool_attempts"}."""
    raise NotImplementedError
