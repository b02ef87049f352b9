"""Custom input (LeetCode's "Run" with your own test case): the user's function and the reference on the
same arguments, each in its own sandbox worker; values are compared here with the kata's comparator.

The arguments are parsed with ast.literal_eval here first (a bad input never starts a worker), then sent
as text; the user's code runs in the grader's submission workers and the reference in its reference
workers, so the reference's code and values never exist in a process that runs submitted code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coding_katas.comparators import compare
from coding_katas.wire import decode
from evaluators.custom_scenario import NAME, BadArguments, parse_arguments
from evaluators.grader import Grader, _compile_error, _preview, check_source_size
from evaluators.protocol import Outcome, verdict_for
from evaluators.sandbox import WorkerError

if TYPE_CHECKING:
    from evaluators.grader_host import RemoteGrader


@dataclass
class Side:
    ok: bool
    value: str | None = None     # preview of the returned value
    message: str = ""            # why there is no value (exception, time limit, ...)
    output: str = ""             # what it printed
    traceback: str = ""


@dataclass
class CustomRun:
    kata: str
    function: str
    arguments: str
    user: Side
    reference: Side
    same: bool | None            # None when either side has no value
    comparison: str = ""


def _side(raw: dict, limit: float, memory_mb: int) -> tuple[Side, object]:
    outcome = str(raw.get("outcome"))
    if outcome == Outcome.OK:
        try:
            value = decode(raw.get("value"))
        except Exception as exc:  # noqa: BLE001 - the user's value may be anything
            return Side(False, message=f"returned a value that cannot be shown ({type(exc).__name__})",
                        output=raw.get("output", "")), None
        return Side(True, _preview(value), output=raw.get("output", "")), value
    _, message = verdict_for(raw, limit, memory_mb)  # the grader's own wording for each outcome
    return Side(False, message=message, output=raw.get("output", ""), traceback=raw.get("traceback", "")), None


def run_custom(grader: Grader | RemoteGrader, kata_id: str, source: str, args_literal: str, function: str | None = None,
               arrays: bool = True) -> CustomRun:
    """Call `function` (default: the kata's first entry) of the user's code and of the reference with the
    literal arguments. Raises BadArguments for input that is not literals, SourceTooLarge like grade()."""
    if not isinstance(grader, Grader):  # the app's RemoteGrader: run it in the grader host process
        return grader.run_custom(kata_id, source, args_literal, function, arrays)
    entry = grader.entry(kata_id)
    function = function or entry.kata.entry[0]
    if function not in entry.kata.entry:
        raise BadArguments(f"{function} is not one of this kata's names ({', '.join(entry.kata.entry)})")
    parse_arguments(args_literal)  # refuse before any worker starts
    check_source_size(source)
    limit, memory_mb = entry.kata.time_limit_s, entry.kata.memory_mb
    extra = {"custom": {"function": function, "args": args_literal, "arrays": arrays}}
    error = _compile_error(source)
    if error:
        user, got = Side(False, message=error), None
    else:
        try:
            user, got = _side(grader._run(grader._workers, entry, source, [NAME], extra)["results"][0], limit,
                              memory_mb)
        except WorkerError as exc:
            user, got = Side(False, message=f"the sandbox failed: {exc}"), None
    try:
        reference, expected = _side(
            grader._run(grader._reference_workers, entry, entry.solution, [NAME], extra)["results"][0], limit,
            memory_mb)
    except WorkerError as exc:
        reference, expected = Side(False, message=f"the reference could not run: {exc}"), None
    reference.output = ""  # what the reference prints is not part of the answer
    same, comparison = None, ""
    if user.ok and reference.ok:
        try:
            result = compare(expected, got, entry.kata.comparator)
            same, comparison = result.ok, ("same as the reference" if result.ok else result.describe())
        except Exception as exc:  # noqa: BLE001
            same, comparison = False, f"cannot be compared with the reference ({type(exc).__name__})"
    return CustomRun(kata_id, function, args_literal, user, reference, same, comparison)


def from_dict(d: dict) -> CustomRun:
    return CustomRun(**{**d, "user": Side(**d["user"]), "reference": Side(**d["reference"])})
