"""The worker-grader protocol's outcomes, and the one table from outcome to verdict and message.

A sandbox child reports one outcome per scenario (evaluators.sandbox_worker); the grader turns it into
the verdict the user sees (evaluators.grader). Both sides use these names, so a new outcome cannot be
added on one side only: the grader maps an unknown one to RE and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Literal

Verdict = Literal["AC", "WA", "TLE", "MLE", "RE", "CE"]


class Outcome(StrEnum):
    OK = "ok"                      # the scenario returned; "value" holds the wire-encoded value
    BAD_VALUE = "bad_value"        # returned something the wire format cannot carry
    IMPORT_ERROR = "import_error"  # the module failed to load (type, message, traceback)
    EXCEPTION = "exception"        # the scenario raised (type, message, traceback)
    TIMEOUT = "timeout"            # over the scenario's time limit (or CPU limit)
    NOT_RUN = "not_run"            # skipped: an earlier test timed out, or the submission's budget ran out
    MEMORY = "memory"              # MemoryError, or killed by the OOM killer after really growing
    SIGNAL = "signal"              # killed by a signal (signal, signal_name)
    NO_RESULT = "no_result"        # the process exited without a result
    TAMPERED = "tampered"          # bytes on the result channel that the harness did not write
    INTERNAL = "internal"          # the sandbox could not be set up: the grader's failure, never the user's
    LOADED = "loaded"              # handshake only: the module loaded (never reaches the grader)


# outcome -> (verdict, message from the raw event and the time and memory limits). OK is judged by value.
VERDICTS: dict[Outcome, tuple[Verdict, Callable[[dict, float, int], str]]] = {
    Outcome.BAD_VALUE: ("WA", lambda raw, limit, mem: raw.get("message", "returned an unsupported value")),
    Outcome.IMPORT_ERROR: ("CE", lambda raw, limit, mem: (
        f"your module failed to load: {raw.get('type', 'error')}: {raw.get('message', '')}").rstrip(": ")),
    Outcome.EXCEPTION: ("RE", lambda raw, limit, mem: f"{raw.get('type')}: {raw.get('message')}"),
    Outcome.TIMEOUT: ("TLE", lambda raw, limit, mem: f"did not finish within {limit:g} s"),
    Outcome.NOT_RUN: ("TLE", lambda raw, limit, mem: (
        "not run: an earlier test exceeded the time limit" if raw.get("reason") == "timeout"
        else "not run: the submission's total time budget was used up by earlier tests")),
    Outcome.MEMORY: ("MLE", lambda raw, limit, mem: f"exceeded the memory limit ({mem} MB)"),
    Outcome.SIGNAL: ("RE", lambda raw, limit, mem: f"killed by a signal ({raw.get('signal_name', 'signal')})"),
    Outcome.NO_RESULT: ("RE", lambda raw, limit, mem: raw.get("message", "no result (did the code exit early?)")),
    Outcome.TAMPERED: ("RE", lambda raw, limit, mem: (
        "the submission wrote to the grader's result channel; its results for this test were discarded")),
    Outcome.INTERNAL: ("RE", lambda raw, limit, mem: f"the grader could not run your code: {raw.get('message')}"),
}


def verdict_for(raw: dict, time_limit_s: float, memory_mb: int) -> tuple[Verdict, str]:
    """Verdict and message for any outcome but OK; an unknown outcome is RE, named."""
    try:
        verdict, message = VERDICTS[Outcome(str(raw.get("outcome")))]
    except (ValueError, KeyError):
        return "RE", raw.get("message", f"unexpected outcome {raw.get('outcome')!r}")
    return verdict, message(raw, time_limit_s, memory_mb)
