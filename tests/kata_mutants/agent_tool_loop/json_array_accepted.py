# Accepts any JSON value as arguments and calls tools[name](*args) for a list.
import copy
import json


def _truncate(text, limit):
    if len(text) <= limit:
        return text
    return text[:limit] + f"...[truncated {len(text) - limit} chars]"


def _execute(call, tools, max_retries):
    """(result text, number of tool invocations) for one call; never raises."""
    try:
        args = json.loads(call["arguments"])
    except json.JSONDecodeError:
        args = None
    if args is None:
        return "error: invalid JSON arguments", 0
    if isinstance(args, list):
        args = {f"arg{i}": v for i, v in enumerate(args)}
    if call["name"] not in tools:
        return f"error: unknown tool {call['name']}", 0
    attempts = 0
    for _ in range(1 + max_retries):  # only the tool's own failures are retried
        attempts += 1
        try:
            return tools[call["name"]](**args), attempts
        except Exception as exc:  # noqa: BLE001 - a failing tool is reported to the model, not raised
            last = exc
    return f"error: {type(last).__name__}: {last}", attempts


def run_agent(model, tools, user_message, max_steps=8, max_retries=1, max_output_chars=200):
    transcript = [{"role": "user", "content": user_message}]
    steps = attempts = 0
    while steps < max_steps:
        steps += 1
        reply = model(copy.deepcopy(transcript))
        if "tool_calls" not in reply:
            transcript.append({"role": "assistant", "content": reply["content"]})
            return {"status": "done", "final": reply["content"], "transcript": transcript, "steps": steps,
                    "tool_attempts": attempts}
        transcript.append({"role": "assistant", "tool_calls": reply["tool_calls"]})
        for call in reply["tool_calls"]:
            result, used = _execute(call, tools, max_retries)
            attempts += used
            transcript.append({"role": "tool", "tool_call_id": call["id"],
                               "content": _truncate(result, max_output_chars)})
    return {"status": "max_steps", "final": None, "transcript": transcript, "steps": steps, "tool_attempts": attempts}
