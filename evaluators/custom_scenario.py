"""A one-off scenario built from arguments the user typed ("Custom input"), shared by host and worker.

The text is what goes between the parentheses of a call, e.g. `[[1.0, 2.0]], axis=0`. It is parsed as a
call expression and every argument is read with ast.literal_eval, so only Python literals are accepted
(never names, calls or attributes) in the host and again in the sandbox worker. Lists of numbers can be
turned into the kata runtime's arrays (NumPy arrays or torch tensors), since most katas take arrays.
"""

from __future__ import annotations

import ast
from typing import Any

from coding_katas.scenarios import sample

MAX_ARGS_CHARS = 20_000
NAME = "custom_input"


class BadArguments(ValueError):
    """The text is not a list of literal arguments; the message is for the user."""


def parse_arguments(text: str) -> tuple[list[Any], dict[str, Any]]:
    """`1, [2, 3], k=4` -> ([1, [2, 3]], {"k": 4}); anything but literals raises BadArguments."""
    if len(text) > MAX_ARGS_CHARS:
        raise BadArguments(f"arguments are limited to {MAX_ARGS_CHARS:,} characters")
    try:
        call = ast.parse(f"f(\n{text}\n)", mode="eval").body
    except SyntaxError as exc:
        raise BadArguments(f"not valid arguments: {exc.msg}") from None
    if not isinstance(call, ast.Call) or any(isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords):
        raise BadArguments("write plain arguments, e.g. [1.0, 2.0], axis=0 (no * or **)")
    try:
        args = [ast.literal_eval(a) for a in call.args]
        # `k.arg is None` (a **mapping) was refused above; the filter only tells the type checker so.
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg is not None}
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError) as exc:
        raise BadArguments(f"only Python literals are allowed (numbers, strings, lists, tuples, dicts, "
                           f"sets, None, True/False): {exc}") from None
    return args, kwargs


def _is_numeric_list(value: Any) -> bool:
    if isinstance(value, list) and value:
        return all(_is_numeric_list(v) or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in value)
    return False


def to_arrays(value: Any, runtime: str) -> Any:
    """Lists of numbers (nested, rectangular) -> np.ndarray / torch.Tensor; everything else unchanged."""
    if isinstance(value, tuple):
        return tuple(to_arrays(v, runtime) for v in value)
    if isinstance(value, dict):
        return {k: to_arrays(v, runtime) for k, v in value.items()}
    if not _is_numeric_list(value):
        return value
    import numpy as np

    try:
        array = np.asarray(value)
    except ValueError:  # ragged: keep the list
        return value
    if array.dtype == object:
        return value
    if runtime == "torch":
        import torch

        return torch.from_numpy(array.astype(np.float32) if array.dtype.kind == "f" else array)
    return array


def build(custom: dict, runtime: str):
    """A test module with one sample scenario that calls the chosen entry with the parsed arguments."""
    args, kwargs = parse_arguments(custom["args"])
    if custom.get("arrays", True):
        args, kwargs = [to_arrays(a, runtime) for a in args], {k: to_arrays(v, runtime) for k, v in kwargs.items()}
    function = custom["function"]

    def custom_input(m):
        target = getattr(m, function)
        if isinstance(target, type):
            raise TypeError(f"{function} is a class; custom input calls functions")
        return target(*args, **kwargs)

    module = type("CustomTests", (), {})()
    setattr(module, NAME, sample(custom_input))
    return module
