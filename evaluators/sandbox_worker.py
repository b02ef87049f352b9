"""A warm sandbox worker (zygote): imports the heavy libraries once, then forks a child per submission.

Started by evaluators.sandbox.Worker as `python -m evaluators.sandbox_worker RUNTIME`; speaks JSON lines
on stdin/stdout. The worker itself never runs submitted code; only its forked children do, each:
- in its own session and process group (the worker kills the whole group at the deadline),
- in a fresh temporary directory, stdin from /dev/null, stdout/stderr to a size-limited file,
- under rlimits: CPU, address space (relative to the worker's own size), file size, open files, core,
- under a seccomp filter that refuses fork, clone (except threads) and exec, so it cannot start
  processes (root ignores RLIMIT_NPROC, so a process-count limit alone would not stop a fork bomb),
- without network when the kernel lets the worker enter a new network namespace at start-up.
It keeps the worker's user: dropping to `nobody` would hide the Python installation itself when it
lives under /root. The sandbox therefore does not protect files the user can write.
The worker is a child subreaper, so processes a submission spawns (even ones that call setsid) are
re-parented to it and killed when the submission ends.

Request:  {"source": str, "kata_dir": str, "scenarios": [name, ...], "timeout_s": float,
           "total_timeout_s": float, "mem_mb": int}
Response: {"results": [{"name", "outcome", ...}], "sandbox": {...}}
outcome is one of: ok (with "value", the wire-encoded value), exception (type, message, traceback),
import_error, timeout, memory, signal (signal number), no_result, not_run.
The worker never holds expected values: comparison happens in the grader.
"""

from __future__ import annotations

import ctypes
import json
import linecache
import os
import resource
import select
import signal
import sys
import tempfile
import time
import traceback
import types
from pathlib import Path

from evaluators.seccomp import install_no_new_processes

# Threads must stay at 1 before numpy/torch load: forking a multi-threaded process can deadlock.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_CHILD_SUBREAPER = 36
OUTPUT_LIMIT_BYTES = 1 << 20   # per submission file size limit (also stops a 5 GB write)
OUTPUT_SHOWN_CHARS = 500
MAX_OPEN_FILES = 64
RESULT_LIMIT_BYTES = 64 << 20
USER_FILE = "<solution>"

_libc = ctypes.CDLL(None, use_errno=True)


def _isolate_network() -> str | None:
    """Enter a new network namespace (no interfaces but a down loopback). None on success, else why not."""
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
    uid, gid = os.getuid(), os.getgid()
    if _libc.unshare(flags) != 0:
        return f"no network namespace ({os.strerror(ctypes.get_errno())})"
    if flags & CLONE_NEWUSER:
        # Map ourselves to ourselves so file permissions behave as before.
        try:
            with open("/proc/self/setgroups", "w") as f:
                f.write("deny")
            with open("/proc/self/uid_map", "w") as f:
                f.write(f"{uid} {uid} 1")
            with open("/proc/self/gid_map", "w") as f:
                f.write(f"{gid} {gid} 1")
        except OSError as exc:
            return f"user namespace mapping failed ({exc})"
    return None


def _vm_size_bytes() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _probe_seccomp() -> str | None:
    """Install the filter in a throw-away child: None when it works here, else why not."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        problem = install_no_new_processes() or ""
        if not problem:
            try:
                os.fork()
                problem = "the filter did not stop fork"
            except OSError:
                pass
        os.write(write_fd, problem.encode()[:200])
        os._exit(0)
    os.close(write_fd)
    problem = os.read(read_fd, 256).decode()
    os.close(read_fd)
    os.waitpid(pid, 0)
    return problem or None


def _load_runtime(runtime: str) -> None:
    import numpy  # noqa: F401 - always warm

    if runtime == "torch":
        import torch

        torch.set_num_threads(1)
        torch.set_num_interop_threads(1)
        # The first optimizer built in a process imports torch._dynamo (about 1.5 s): pay it here, once,
        # not inside a submission's time limit.
        torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)


class Worker:
    def __init__(self, runtime: str):
        self.runtime = runtime
        self.notes: list[str] = []
        problem = _isolate_network()
        self.network_isolated = problem is None
        if problem:
            self.notes.append(problem)
        _load_runtime(runtime)
        problem = _probe_seccomp()
        self.processes_blocked = problem is None
        if problem:
            self.notes.append(f"submissions can start processes: {problem}")
        try:
            if _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
                raise OSError
        except (AttributeError, OSError):
            self.notes.append("no child subreaper: escaped processes may outlive a submission")
        self.baseline_vm = _vm_size_bytes()
        self._tests: dict[str, tuple[float, types.ModuleType]] = {}

    @property
    def sandbox(self) -> dict:
        full = self.network_isolated and self.processes_blocked
        return {"level": "full" if full else "reduced", "network_isolated": self.network_isolated,
                "processes_blocked": self.processes_blocked, "notes": self.notes}

    # -- scenarios --------------------------------------------------------------------------------
    def _test_module(self, kata_dir: str) -> types.ModuleType:
        path = os.path.join(kata_dir, "test_kata.py")
        mtime = os.stat(path).st_mtime
        cached = self._tests.get(kata_dir)
        if cached and cached[0] == mtime:
            return cached[1]
        from coding_katas.scenarios import import_file

        module = import_file(Path(path), f"_kata_tests_{abs(hash(kata_dir))}")
        self._tests[kata_dir] = (mtime, module)
        return module

    # -- one submission ---------------------------------------------------------------------------
    def run(self, request: dict) -> dict:
        tests = self._test_module(request["kata_dir"])
        names = list(request["scenarios"])
        results: dict[str, dict] = {}
        total_deadline = time.monotonic() + float(request["total_timeout_s"])
        # One child runs the scenarios in order; if it dies or times out, a fresh child resumes after
        # the scenario that failed, so one infinite loop costs one TLE.
        while len(results) < len(names):
            pending = [n for n in names if n not in results]
            if time.monotonic() >= total_deadline:
                for n in pending:
                    results[n] = {"name": n, "outcome": "not_run"}
                break
            for r in self._run_child(request, tests, pending, total_deadline):
                results[r["name"]] = r
        return {"results": [results[n] for n in names], "sandbox": self.sandbox}

    def _run_child(self, request: dict, tests: types.ModuleType, names: list[str], total_deadline: float) -> list[dict]:
        workdir = tempfile.mkdtemp(prefix="mastery-run-")
        read_fd, write_fd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # child: never returns
            os.close(read_fd)
            _child_main(request, tests, names, write_fd, workdir, self.baseline_vm, self.processes_blocked)
        os.close(write_fd)
        started = time.monotonic()
        try:
            events, timed_out = self._collect(read_fd, names, float(request["timeout_s"]), total_deadline)
        finally:
            os.close(read_fd)
            _kill_group(pid)
            _, status, usage = os.wait4(pid, 0)
            self._reap_escapees()
        wall_ms = (time.monotonic() - started) * 1000
        results = []
        outputs = _read_outputs(workdir, names)
        _rmtree(workdir)
        for name in names:
            ev = events.get(name)
            if ev is None or ev.get("outcome") == "started":
                if ev is None and results:
                    break  # not reached: the next child resumes here
                # The child died or was killed while this scenario ran.
                results.append({"name": name, **_death_outcome(status, timed_out, ev is None and not results),
                                "output": outputs.get(name, ""), "wall_ms": round(wall_ms, 1)})
                break
            ev["output"] = outputs.get(name, "")
            results.append(ev)
        if not results:  # died before starting any scenario (import time)
            results.append({"name": names[0], **_death_outcome(status, timed_out, True), "output": outputs.get("", "")})
        if results and results[-1].get("outcome") == "import_error":
            # The module cannot be imported: every scenario would fail the same way.
            results += [{**results[-1], "name": n} for n in names[len(results):]]
        return results

    def _collect(self, fd: int, names: list[str], timeout_s: float, total_deadline: float) -> tuple[dict, bool]:
        """Read the child's event lines until EOF or a deadline: per scenario, and for the submission."""
        events: dict[str, dict] = {}
        buf = b""
        scenario_deadline = time.monotonic() + timeout_s + 1.0  # +1 s for the import of the module
        received = 0
        current: str | None = None
        while True:
            deadline = min(scenario_deadline, total_deadline)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return events, True
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return events, False
            received += len(chunk)
            if received > RESULT_LIMIT_BYTES:
                return events, False
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                ev = _parse_event(line, names)
                if ev is None:
                    continue
                # Submitted code shares the channel and could write lines of its own; only the first
                # result for the scenario now running counts, and scenarios start in order.
                if ev["outcome"] == "started":
                    following = next((n for n in names if n not in events), None)
                    running = current is not None and events[current]["outcome"] == "started"
                    if ev["name"] != following or running:
                        continue
                    current = ev["name"]
                    scenario_deadline = time.monotonic() + timeout_s
                    events[current] = ev
                elif ev["outcome"] == "import_error" and current is None:
                    events.setdefault(ev["name"], ev)
                elif ev["name"] == current and events[current]["outcome"] == "started":
                    events[current] = ev

    def _reap_escapees(self) -> None:
        """Kill and reap processes re-parented to us (descendants that left the process group)."""
        me = os.getpid()
        for _ in range(50):
            orphans = [pid for pid in _children_of(me)]
            if not orphans:
                break
            for pid in orphans:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            _reap_all()
            time.sleep(0.01)
        _reap_all()


def _children_of(ppid: int) -> list[int]:
    out = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return out
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == ppid:
            out.append(int(entry))
    return out


def _reap_all() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _death_outcome(status: int, timed_out: bool, before_any: bool) -> dict:
    if timed_out:
        return {"outcome": "timeout"}
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in (signal.SIGXCPU,):
            return {"outcome": "timeout"}
        if sig == signal.SIGKILL:
            # Not our kill (we only kill after a deadline): the kernel's OOM killer or the CPU hard limit.
            return {"outcome": "memory"}
        return {"outcome": "signal", "signal": sig, "signal_name": signal.Signals(sig).name}
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    return {"outcome": "import_error" if before_any else "no_result", "exit_code": code,
            "message": f"the process exited (code {code}) without returning a result"}


def _parse_event(line: bytes, names: list[str]) -> dict | None:
    try:
        ev = json.loads(line)
    except ValueError:
        return None
    if not isinstance(ev, dict) or ev.get("name") not in names or not isinstance(ev.get("outcome"), str):
        return None
    return ev


def _read_outputs(workdir: str, names: list[str]) -> dict[str, str]:
    out = {}
    for i, name in enumerate(["", *names]):
        path = os.path.join(workdir, f"out-{i}.txt")
        try:
            with open(path, "rb") as f:
                data = f.read(OUTPUT_SHOWN_CHARS * 4 + 1)
                size = os.fstat(f.fileno()).st_size
        except OSError:
            continue
        text = data.decode("utf-8", "replace")
        if len(text) > OUTPUT_SHOWN_CHARS or size > len(data):
            text = text[:OUTPUT_SHOWN_CHARS] + f"\n[output truncated: {size} bytes in all; limit what you print]"
        out[name] = text
    return out


def _rmtree(path: str) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


# -- the child ------------------------------------------------------------------------------------
def _child_main(request, tests, names, fd, workdir, baseline_vm, block_processes) -> None:
    try:
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.chdir(workdir)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversized writes fail with EFBIG instead
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        _redirect_output(workdir, 0)
        timeout = float(request["timeout_s"])
        cpu = int(timeout * len(names)) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_LIMIT_BYTES, OUTPUT_LIMIT_BYTES))
        if baseline_vm:  # unknown without /proc; RLIMIT_AS is not enforced there anyway (macOS)
            address_space = baseline_vm + int(request["mem_mb"]) * (1 << 20)
            resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        resource.setrlimit(resource.RLIMIT_NOFILE, (MAX_OPEN_FILES, MAX_OPEN_FILES))
        os.closerange(3, fd)
        os.closerange(fd + 1, 65536)
        if block_processes:
            problem = install_no_new_processes()
            if problem:
                raise OSError(problem)
    except BaseException as exc:  # a sandbox set-up failure is ours, not the user's
        _emit(fd, {"name": names[0], "outcome": "internal", "message": f"sandbox set-up failed: {exc!r}"})
        os._exit(3)

    from coding_katas.scenarios import as_scenario
    from coding_katas.wire import WireError, encode

    source = request["source"]
    linecache.cache[USER_FILE] = (len(source), None, source.splitlines(True), USER_FILE)
    module = types.ModuleType("solution")
    module.__file__ = USER_FILE
    me = os.getpid()  # submitted code may fork: only this process reports
    try:
        code = compile(source, USER_FILE, "exec")
        exec(code, module.__dict__)
    except BaseException as exc:  # SystemExit and KeyboardInterrupt included: the module failed to load
        if os.getpid() != me:
            os._exit(0)
        payload = _exception_payload(exc)
        for name in names:
            _emit(fd, {"name": name, "outcome": "import_error", **payload})
        os._exit(0)
    if os.getpid() != me:
        os._exit(0)
    sys.modules["solution"] = module

    for i, name in enumerate(names, 1):
        scenario = as_scenario(name, getattr(tests, name, None))
        _redirect_output(workdir, i)
        _emit(fd, {"name": name, "outcome": "started"})
        t0 = time.process_time()
        w0 = time.monotonic()
        try:
            value = scenario.run(module)
            encoded = encode(value)
            event = {"name": name, "outcome": "ok", "value": encoded}
        except WireError as exc:
            event = {"name": name, "outcome": "bad_value", "message": str(exc)}
        except MemoryError:
            event = {"name": name, "outcome": "memory"}
        except BaseException as exc:  # noqa: BLE001 - SystemExit in a test is the user's error too
            event = {"name": name, "outcome": "exception", **_exception_payload(exc)}
        if os.getpid() != me:
            os._exit(0)  # a process the submission forked: only the child itself reports
        event["cpu_ms"] = round((time.process_time() - t0) * 1000, 2)
        event["wall_ms"] = round((time.monotonic() - w0) * 1000, 2)
        try:
            _emit(fd, event)
        except (ValueError, TypeError, MemoryError):
            _emit(fd, {"name": name, "outcome": "bad_value", "message": "result could not be serialised"})
    os._exit(0)


def _redirect_output(workdir: str, index: int) -> None:
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - a full output file must not stop the next scenario
        pass
    out = os.open(os.path.join(workdir, f"out-{index}.txt"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)


def _emit(fd: int, event: dict) -> None:
    data = (json.dumps(event, allow_nan=False) + "\n").encode()
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _exception_payload(exc: BaseException) -> dict:
    """Exception type, message and the traceback trimmed to the user's own frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == USER_FILE]
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(exc), exc)
    text = "".join(lines)
    if len(text) > 4000:
        text = text[:4000] + "\n[traceback truncated]"
    return {"type": type(exc).__name__, "message": str(exc)[:1000], "traceback": text}


def main() -> None:
    runtime = sys.argv[1] if len(sys.argv) > 1 else "numpy"
    # Keep the protocol channel private: submitted code must never write to the worker's stdout.
    proto_out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    worker = Worker(runtime)
    proto_out.write(json.dumps({"ready": True, "sandbox": worker.sandbox, "pid": os.getpid()}) + "\n")
    for line in sys.stdin:
        try:
            request = json.loads(line)
            response = worker.run(request)
        except Exception as exc:  # noqa: BLE001 - report, keep serving
            response = {"error": f"{type(exc).__name__}: {exc}"}
        proto_out.write(json.dumps(response) + "\n")


if __name__ == "__main__":
    main()
