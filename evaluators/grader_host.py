"""The grader host: a process of its own that owns the sandbox workers, so the app never does.

    grader = RemoteGrader()          # same grade() / close() as evaluators.grader.Grader
    result = grader.grade("softmax", source)

The app grades through this host: the process that forks submitted code descends from the host, not
from the Streamlit server, and the host keeps the reference values and does the comparing. If the host
dies (or is killed), the submission that was running gets an "error" result that says so, and the next
one starts a fresh host. The host speaks JSON lines on stdin/stdout:
    {"kata": str, "source": str, "samples_only": bool}  ->  GradeResult.to_dict(), or {"error": str}
    {"op": "prepare", "kata": str}  ->  {"ok": true}, or {"error": str} (the reference values, computed now)
    {"op": "custom", ...}  ->  see run_custom
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading

from evaluators.grader import Grader, GradeResult, TestResult, UnknownKata, check_source_size
from evaluators.sandbox import ROOT, WorkerError, minimal_env


def result_from_dict(d: dict) -> GradeResult:
    tests = [TestResult(**t) for t in d["tests"]]
    return GradeResult(d["kata"], d["status"], d["summary"], tests, d.get("sandbox", "reduced"),
                       list(d.get("sandbox_notes", [])), d.get("error"))


class RemoteGrader:
    """Grader-compatible client of a grader host process. Thread-safe: requests are serialised."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    @staticmethod
    def entry(kata_id: str):
        return Grader.entry(kata_id)

    def _start(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "evaluators.grader_host"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=minimal_env(),
                                cwd=str(ROOT), start_new_session=True)

    def _exchange(self, request: dict) -> str | None:
        """Send one request (starting a host if none is running) and return the reply line; None when the
        host died while handling it. A host already gone before it read the request gets one restart.
        The caller holds the lock."""
        for _ in (1, 2):
            if self._proc is None or self._proc.poll() is not None:
                self._proc = self._start()
            try:
                assert self._proc.stdin and self._proc.stdout
                self._proc.stdin.write(json.dumps(request) + "\n")
                self._proc.stdin.flush()
            except (BrokenPipeError, OSError):
                self._proc = None  # it was gone before it saw this request: start another
                continue
            line = self._proc.stdout.readline()
            if line:
                return line
            # Died while handling it: reported, not retried (running the same code again could end the same
            # way), and the next request starts a fresh host.
            self._proc.kill()
            self._proc.wait()
            self._proc = None
            return None
        return None

    def grade(self, kata_id: str, source: str, samples_only: bool = False) -> GradeResult:
        Grader.entry(kata_id)  # UnknownKata here, in the caller's process, as Grader does
        check_source_size(source)
        with self._lock:
            line = self._exchange({"kata": kata_id, "source": source, "samples_only": samples_only})
        if line is None:
            return _host_failure(kata_id, source, samples_only)
        reply = json.loads(line)
        if "error" in reply and "tests" not in reply:
            raise WorkerError(reply["error"])
        return result_from_dict(reply)

    def prepare(self, kata_id: str) -> bool:
        """Have the host compute the kata's reference values now (the page calls this when a kata is opened, in
        a thread): its first Submit then only runs the user's code. False if the host failed at it."""
        Grader.entry(kata_id)
        with self._lock:
            line = self._exchange({"op": "prepare", "kata": kata_id})
        return line is not None and json.loads(line).get("ok") is True

    def run_custom(self, kata_id: str, source: str, args_literal: str, function: str | None = None,
                   arrays: bool = True):
        """evaluators.custom_input.run_custom in the host (issue 18's custom input)."""
        from evaluators.custom_input import from_dict
        from evaluators.custom_scenario import BadArguments, parse_arguments

        parse_arguments(args_literal)  # BadArguments here, in the caller's process
        request = {"op": "custom", "kata": kata_id, "source": source, "args": args_literal, "function": function,
                   "arrays": arrays}
        with self._lock:
            line = self._exchange(request)
        if line is None:
            raise WorkerError("the grader host stopped while running the custom input")
        reply = json.loads(line)
        if "bad_arguments" in reply:
            raise BadArguments(reply["bad_arguments"])
        if "error" in reply:
            raise WorkerError(reply["error"])
        return from_dict(reply)

    def close(self) -> None:
        with self._lock:
            if self._proc is not None:
                try:
                    assert self._proc.stdin
                    self._proc.stdin.close()
                    self._proc.wait(timeout=10)
                except (subprocess.TimeoutExpired, OSError):
                    self._proc.kill()
                    self._proc.wait()
                self._proc = None

    def __enter__(self) -> RemoteGrader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _host_failure(kata_id: str, source: str, samples_only: bool) -> GradeResult:
    from coding_katas.scenarios import load_scenarios

    entry = Grader.entry(kata_id)
    scenarios = [s for s in load_scenarios(entry.folder) if s.visibility == "sample" or not samples_only]
    message = "the grader host stopped while grading; nothing of this submission was judged (try again)"
    tests = [TestResult(s.name, s.visibility, "RE", message, s.description) for s in scenarios]
    return GradeResult(kata_id, "error", {"passed": 0, "total": len(tests)}, tests, "reduced", [], message)


def _custom(grader: Grader, request: dict) -> dict:
    from dataclasses import asdict

    from evaluators.custom_input import run_custom
    from evaluators.custom_scenario import BadArguments

    try:
        return asdict(run_custom(grader, request["kata"], request["source"], request["args"], request.get("function"),
                                 bool(request.get("arrays", True))))
    except BadArguments as exc:
        return {"bad_arguments": str(exc)}


def main() -> None:
    grader = Grader()
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but replies on the protocol channel
    try:
        for line in sys.stdin:
            try:
                request = json.loads(line)
                if request.get("op") == "prepare":
                    grader.prepare(request["kata"])
                    out.write(json.dumps({"ok": True}) + "\n")
                    out.flush()
                    continue
                if request.get("op") == "custom":
                    out.write(json.dumps(_custom(grader, request)) + "\n")
                    out.flush()
                    continue
                reply = grader.grade(request["kata"], request["source"],
                                     samples_only=bool(request.get("samples_only"))).to_dict()
            except UnknownKata as exc:
                reply = {"error": f"unknown kata {exc.args[0]!r}"}
            except Exception as exc:  # noqa: BLE001 - reported to the client, the host keeps serving
                reply = {"error": f"{type(exc).__name__}: {exc}"}
            out.write(json.dumps(reply) + "\n")
            out.flush()
    finally:
        grader.close()


if __name__ == "__main__":
    main()
