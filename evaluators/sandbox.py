"""The grader's side of a sandbox worker: start it, send submissions, restart it if it dies."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT_S = 120
# What a worker inherits of the environment. OPENBLAS_* are set on some processors because older OpenBLAS
# builds compute wrong results there.
ENV_KEEP = ("PATH", "LANG", "LC_ALL", "TZ", "TMPDIR", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "VIRTUAL_ENV",
            "MASTERY_SANDBOX_SKIP")


def minimal_env() -> dict[str, str]:
    """The environment of the grader's own processes (host, workers): nothing of the app's (API keys,
    MASTERY_HOME, tokens) reaches a process that forks submitted code, or the one that owns them."""
    env = {k: os.environ[k] for k in ENV_KEEP if k in os.environ}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


class WorkerError(RuntimeError):
    pass


class WorkerProcess:
    """One warm worker for a runtime. Thread-safe: requests are serialised by a lock."""

    def __init__(self, runtime: str):
        self.runtime = runtime
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self.sandbox: dict = {}

    def _start(self) -> None:
        env = minimal_env()
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = "1"
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "evaluators.sandbox_worker", self.runtime],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
            cwd=str(ROOT), start_new_session=True,
        )
        line = self._readline(STARTUP_TIMEOUT_S)
        hello = json.loads(line)
        if not hello.get("ready"):
            raise WorkerError(f"worker did not start: {line!r}")
        self.sandbox = hello["sandbox"]

    def _readline(self, timeout: float) -> str:
        import select

        assert self._proc and self._proc.stdout
        # poll, not select: select() refuses descriptors numbered 1024 or more, which a long-running app
        # process (or a test process that has run many pages) reaches.
        poller = select.poll()
        poller.register(self._proc.stdout, select.POLLIN | select.POLLHUP)
        if not poller.poll(timeout * 1000):
            raise WorkerError("worker did not answer in time")
        line = self._proc.stdout.readline()
        if not line:
            raise WorkerError(f"worker exited (code {self._proc.poll()})")
        return line

    def request(self, payload: dict, timeout: float) -> dict:
        with self._lock:
            for attempt in (1, 2):
                if self._proc is None or self._proc.poll() is not None:
                    self._start()
                try:
                    assert self._proc and self._proc.stdin
                    self._proc.stdin.write(json.dumps(payload) + "\n")
                    self._proc.stdin.flush()
                    response = json.loads(self._readline(timeout))
                except (WorkerError, BrokenPipeError, ValueError) as exc:
                    self._kill()
                    if attempt == 2:
                        raise WorkerError(str(exc)) from exc
                    continue
                if "error" in response:
                    raise WorkerError(response["error"])
                return response
        raise WorkerError("unreachable")

    def _kill(self) -> None:
        if self._proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._proc.pid, 9)
            self._proc.wait()
            self._proc = None

    def close(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                try:
                    assert self._proc.stdin
                    self._proc.stdin.close()
                    self._proc.wait(timeout=5)
                except (subprocess.TimeoutExpired, BrokenPipeError, OSError):
                    pass
            self._kill()
