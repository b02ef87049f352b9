"""A warm sandbox worker (zygote): imports the heavy libraries once, then forks a child per submission.

Started by evaluators.sandbox.WorkerProcess as `python -m evaluators.sandbox_worker RUNTIME`; speaks JSON
lines on stdin/stdout. Layout (each layer is optional, and reported when missing):

    grader host (app or CLI)
      └─ worker (outer): unshare(user?, net, pid, mount), mounts a size-capped tmpfs scratch folder
           └─ zygote = PID 1 of the new PID namespace, with a private /proc; imports numpy/torch once
                └─ one forked child per submission: runs the submitted code

The child sees no process outside its PID namespace (the grader host, the app and the other workers have no
pid it can name; the zygote, as PID 1, ignores signals sent from inside), has no network but a down loopback,
and is confined by Landlock (read-only Python and system libraries, writes only to its own folder on the
tmpfs, no TCP, no signals out of its domain) and by a seccomp deny-list (evaluators/seccomp.py), under
rlimits (CPU, address space, file size, open files, no core). Its environment is minimal.

Result channel: the zygote hands the child one command at a time over a pipe (load the module, then each
scenario), each with a fresh random nonce, and reads exactly one framed reply for it before sending the next.
Bytes that arrive before a command was sent, a second frame, or a wrong nonce mark the channel tampered.
The child never holds expected values (scenario marks are stripped of them); comparison happens in the grader.

Request:  {"source": str, "kata_dir": str, "scenarios": [name, ...], "timeout_s": float,
           "total_timeout_s": float, "mem_mb": int}
Response: {"results": [{"name", "outcome", ...}], "sandbox": {...}}
outcome is one of: ok (with "value", the wire-encoded value), bad_value, exception (type, message, traceback),
import_error, timeout, memory, signal (signal number), no_result, not_run, tampered, internal.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import linecache
import os
import resource
import secrets
import select
import signal
import sys
import sysconfig
import tempfile
import time
import traceback
import types
from pathlib import Path

from evaluators import landlock
from evaluators.protocol import Outcome
from evaluators.seccomp import install_filter

# Threads must stay at 1 before numpy/torch load: forking a multi-threaded process can deadlock.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x10000000, 0x20000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 2, 4, 8, 1 << 14, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER = 1, 36
OUTPUT_LIMIT_BYTES = 1 << 20   # per file written by a submission (also stops a 5 GB write)
SCRATCH_MB = 64                # the tmpfs that holds a submission's folder: all it can write
OUTPUT_SHOWN_CHARS = 500
MAX_OPEN_FILES = 64
RESULT_LIMIT_BYTES = 64 << 20
USER_FILE = "<solution>"
# Folders of this project that submitted code must not read: the katas (reference solutions and tests),
# the other packages, the tests. Entries of a folder on sys.path with these names get no Landlock rule.
PROTECTED_NAMES = frozenset({"app", "coding_katas", "design_cases", "evaluators", "progress", "question_bank",
                             "tests", "benchmarks", "artifacts"})
# /proc/cpuinfo and /sys/devices/system/cpu: PyTorch's cpuinfo reads them lazily (half-precision casts, for
# one); they describe the machine, not any process.
SYSTEM_READ_PATHS = ("/usr/lib", "/usr/lib64", "/usr/local/lib", "/lib", "/lib64", "/usr/share/zoneinfo",
                     "/etc/ld.so.cache", "/dev/urandom", "/proc/cpuinfo", "/sys/devices/system/cpu")
CHILD_ENV_KEEP = ("PATH", "LANG", "LC_ALL", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                  "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")

# Layers to leave out, for a kernel where one misbehaves and to test the "reduced" report:
# MASTERY_SANDBOX_SKIP=namespaces,landlock,seccomp (any subset). A skipped layer is reported as missing.
SKIPPED = frozenset(filter(None, os.environ.get("MASTERY_SANDBOX_SKIP", "").replace(" ", "").split(",")))

_libc = ctypes.CDLL(None, use_errno=True)


def _errno_text() -> str:
    return os.strerror(ctypes.get_errno())


# -- namespaces (outer process) --------------------------------------------------------------------
class Namespaces:
    """Which namespaces the outer worker entered; the zygote reports them."""

    def __init__(self) -> None:
        self.net = self.pid = self.mount = self.proc = self.tmpfs = False
        self.notes: list[str] = []

    def enter(self) -> None:
        if "namespaces" in SKIPPED:
            self.notes.append("namespaces skipped (MASTERY_SANDBOX_SKIP)")
            return
        root = os.geteuid() == 0
        uid, gid = os.getuid(), os.getgid()
        user = 0 if root else CLONE_NEWUSER
        for flags in (user | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWNS, user | CLONE_NEWNET):
            if _libc.unshare(flags) == 0:
                self.net, self.pid, self.mount = True, bool(flags & CLONE_NEWPID), bool(flags & CLONE_NEWNS)
                break
            self.notes.append(f"unshare({_flag_names(flags)}) refused: {_errno_text()}")
        else:
            return
        if not root:  # map ourselves to ourselves so file permissions behave as before
            try:
                for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
                    with open(f"/proc/self/{name}", "w") as f:
                        f.write(text)
            except OSError as exc:
                self.notes.append(f"user namespace mapping failed ({exc})")
        if self.mount and _libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
            self.notes.append(f"mounts could not be made private: {_errno_text()}")
            self.mount = False

    def scratch(self) -> str:
        """The worker's scratch folder: a size-capped tmpfs when the mount namespace allows it."""
        base = tempfile.mkdtemp(prefix="mastery-sandbox-")
        if self.mount:
            opts = f"size={SCRATCH_MB}m,mode=0700".encode()
            if _libc.mount(b"tmpfs", base.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, opts) == 0:
                self.tmpfs = True
            else:
                self.notes.append(f"no tmpfs for the scratch folder: {_errno_text()}")
        return base

    def mount_proc(self) -> None:
        """In the zygote (PID 1): a /proc that shows only this PID namespace."""
        if self.pid and self.mount:
            if _libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None) == 0:
                self.proc = True
            else:
                self.notes.append(f"no private /proc: {_errno_text()}")


def _flag_names(flags: int) -> str:
    names = {CLONE_NEWUSER: "user", CLONE_NEWNET: "net", CLONE_NEWPID: "pid", CLONE_NEWNS: "mount"}
    return "+".join(n for f, n in names.items() if flags & f)


# -- Landlock rules --------------------------------------------------------------------------------
def _read_roots() -> list[str]:
    """Folders the child may read: the Python installation, the import path, system libraries."""
    roots = {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]}
    roots.update(p for p in sys.path if p and os.path.isdir(p))
    roots.update(SYSTEM_READ_PATHS)
    return sorted(os.path.realpath(r) for r in roots if os.path.exists(r))


def _grant_reads(ruleset: landlock.Ruleset, roots: list[str]) -> None:
    """Read+execute beneath each root, except the project's own packages wherever they sit (a folder that
    holds one of them is granted entry by entry, skipping them and hidden entries)."""
    split = {r for r in roots if os.path.isdir(r) and any(os.path.exists(os.path.join(r, n)) for n in PROTECTED_NAMES)}

    def grant(path: str) -> None:
        if path in split or any(s.startswith(path + os.sep) for s in split):
            try:
                entries = os.listdir(path)
            except OSError:
                return
            for name in entries:
                if path in split and (name in PROTECTED_NAMES or name.startswith(".")):
                    continue
                grant(os.path.join(path, name))
        else:
            ruleset.allow(path, landlock.READ_EXEC)

    for root in roots:
        grant(root)


def _base_ruleset(scratch: str) -> tuple[landlock.Ruleset | None, str | None]:
    if "landlock" in SKIPPED:
        return None, "Landlock skipped (MASTERY_SANDBOX_SKIP)"
    try:
        ruleset = landlock.Ruleset(landlock.READ_EXEC | landlock.WRITE_RIGHTS, deny_tcp=True, scope_signals=True)
        _grant_reads(ruleset, _read_roots())
        ruleset.allow(scratch, landlock.READ_EXEC | landlock.WRITE_RIGHTS)
        ruleset.allow(os.devnull, landlock.READ_FILE | landlock.WRITE_FILE)
    except (landlock.LandlockError, OSError) as exc:
        return None, f"no Landlock: {exc}"
    return ruleset, None


def _apply_landlock(base_fd: int, workdir: str) -> None:
    """In the child: the base layer, then a layer that allows writes beneath its own folder only."""
    landlock.restrict_with(base_fd)
    writes = landlock.Ruleset(landlock.WRITE_RIGHTS)
    writes.allow(workdir, landlock.WRITE_RIGHTS)
    writes.restrict_self()
    writes.close()


# -- the zygote ------------------------------------------------------------------------------------
def _load_runtime(runtime: str) -> None:
    import numpy  # noqa: F401 - always warm

    from coding_katas import scenarios, wire  # noqa: F401 - the child must not need to read them from disk

    if runtime == "torch":
        import torch

        torch.set_num_threads(1)
        torch.set_num_interop_threads(1)
        # The first optimizer built in a process imports torch._dynamo (about 1.5 s): pay it here, once,
        # not inside a submission's time limit.
        torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        torch.zeros(2, dtype=torch.float16).to(torch.float32)  # initialises cpuinfo while /proc is readable


class Worker:
    def __init__(self, runtime: str, ns: Namespaces, scratch: str):
        self.runtime = runtime
        self.ns = ns
        self.scratch = scratch
        self.notes: list[str] = list(ns.notes)
        _load_runtime(runtime)
        self.ruleset, problem = _base_ruleset(scratch)
        if problem:
            self.notes.append(problem)
        if self.ruleset is not None and not self.ruleset.scopes_signals:
            self.notes.append(f"Landlock ABI {self.ruleset.version}: no signal scoping (needs ABI 6)")
        problem = self._probe() if "seccomp" not in SKIPPED else "skipped (MASTERY_SANDBOX_SKIP)"
        self.seccomp = problem is None
        if problem:
            self.notes.append(f"no seccomp filter: {problem}")
        if not ns.pid:
            try:
                if _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
                    raise OSError
            except (AttributeError, OSError):
                self.notes.append("no child subreaper: escaped processes may outlive a submission")
        self.baseline_vm = _vm_size_bytes()
        self.baseline_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self._tests: dict[str, tuple[float, types.ModuleType]] = {}
        self._runs = 0

    @property
    def layers(self) -> dict[str, bool]:
        return {"network namespace": self.ns.net, "PID namespace": self.ns.pid,
                "mount namespace with a private /proc": self.ns.proc,
                "size-capped scratch folder (tmpfs)": self.ns.tmpfs,
                "Landlock file-system rules": self.ruleset is not None, "seccomp deny-list": self.seccomp}

    @property
    def sandbox(self) -> dict:
        layers = self.layers
        missing = [name for name, on in layers.items() if not on]
        notes = [f"missing: {name}" for name in missing] + self.notes
        if self.ruleset is not None:
            notes.append(f"Landlock ABI {self.ruleset.version}")
        return {"level": "reduced" if missing else "full", "layers": layers,
                "network_isolated": self.ns.net, "processes_blocked": self.seccomp, "notes": notes}

    def _probe(self) -> str | None:
        """Install the filter (and Landlock) in a throw-away child: None when it works here, else why not."""
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            problem = ""
            try:
                if self.ruleset is not None:
                    _apply_landlock(self.ruleset.fd, self.scratch)
                problem = install_filter() or ""
                if not problem:
                    try:
                        os.fork()
                        problem = "the filter did not stop fork"
                    except OSError:
                        pass
            except BaseException as exc:  # noqa: BLE001 - reported, not raised
                problem = repr(exc)
            os.write(write_fd, problem.encode()[:200])
            os._exit(0)
        os.close(write_fd)
        problem = os.read(read_fd, 256).decode()
        os.close(read_fd)
        os.waitpid(pid, 0)
        return problem or None

    def _test_module(self, kata_dir: str) -> types.ModuleType:
        path = os.path.join(kata_dir, "test_kata.py")
        mtime = os.stat(path).st_mtime
        cached = self._tests.get(kata_dir)
        if cached and cached[0] == mtime:
            return cached[1]
        from coding_katas.scenarios import _MARK, _NO_VALUE, import_file

        module = import_file(Path(path), f"_kata_tests_{abs(hash(kata_dir))}")
        # Declared expected values stay in the grader: the child inherits this module's memory.
        for obj in vars(module).values():
            info = getattr(obj, _MARK, None)
            if isinstance(info, dict):
                setattr(obj, _MARK, {**info, "expected": _NO_VALUE})
        self._tests[kata_dir] = (mtime, module)
        return module

    # -- one submission ---------------------------------------------------------------------------
    def run(self, request: dict) -> dict:
        if "custom" in request:  # "Custom input": one scenario calling the entry with the user's literals
            from evaluators.custom_scenario import build

            tests = build(request["custom"], self.runtime)
        else:
            tests = self._test_module(request["kata_dir"])
        names = list(request["scenarios"])
        results: dict[str, dict] = {}
        total_deadline = time.monotonic() + float(request["total_timeout_s"])
        # One child runs the scenarios in order; if it dies, a fresh child resumes after the scenario that
        # failed. After a time-out the rest are not run: an infinite loop costs one time limit, not all.
        while len(results) < len(names):
            pending = [n for n in names if n not in results]
            if time.monotonic() >= total_deadline:
                for n in pending:
                    results[n] = {"name": n, "outcome": Outcome.NOT_RUN}
                break
            for r in self._run_child(request, tests, pending, total_deadline):
                results[r["name"]] = r
            if any(r["outcome"] == Outcome.TIMEOUT for r in results.values()):
                for n in names:
                    results.setdefault(n, {"name": n, "outcome": Outcome.NOT_RUN, "reason": "timeout"})
        return {"results": [results[n] for n in names], "sandbox": self.sandbox}

    def _run_child(self, request: dict, tests: types.ModuleType, names: list[str], total_deadline: float) -> list[dict]:
        self._runs += 1
        workdir = os.path.join(self.scratch, f"run-{self._runs}")
        os.mkdir(workdir, 0o700)
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # child: never returns
            os.close(cmd_w)
            os.close(res_r)
            _child_main(request, tests, cmd_r, res_w, workdir, self.baseline_vm,
                        self.ruleset.fd if self.ruleset else -1, self.seccomp)
        os.close(cmd_r)
        os.close(res_w)
        channel = _Channel(cmd_w, res_r)
        results: list[dict] = []
        timed_out = False
        limit = float(request["timeout_s"])
        try:
            reply, problem = channel.ask({"op": "load"}, min(time.monotonic() + limit + 1.0, total_deadline))
            if reply is not None and reply["outcome"] in (Outcome.IMPORT_ERROR, Outcome.INTERNAL):
                results = [{**reply, "name": n} for n in names]
            elif reply is None and problem == "tampered":
                results = [{"name": names[0], "outcome": Outcome.TAMPERED}]
            elif reply is not None:
                for i, name in enumerate(names, 1):
                    started = time.monotonic()
                    reply, problem = channel.ask({"op": "run", "name": name, "index": i},
                                                 min(started + limit, total_deadline))
                    wall_ms = round((time.monotonic() - started) * 1000, 1)
                    if reply is None:
                        timed_out = problem == "timeout"
                        if problem == "tampered":
                            results.append({"name": name, "outcome": Outcome.TAMPERED, "wall_ms": wall_ms})
                        else:
                            results.append({"name": name, "pending_death": True, "wall_ms": wall_ms})
                        break
                    results.append({**reply, "name": name, "wall_ms": wall_ms})
            else:
                timed_out = problem == "timeout"
        finally:
            channel.close()
            _kill_group(pid)
            _, status, usage = os.wait4(pid, 0)
            self._reap_escapees()
        outputs = _read_outputs(workdir, names)
        _rmtree(workdir)
        grown_kb = usage.ru_maxrss - self.baseline_rss_kb
        death = _death_outcome(status, timed_out, grown_kb, int(request["mem_mb"]))
        if not results:  # died before or while loading the module
            before = death if death["outcome"] != Outcome.NO_RESULT else {**death, "outcome": Outcome.IMPORT_ERROR,
                                                                            "type": "SystemExit"}
            results = [{"name": names[0], **before}]
        elif results[-1].get("pending_death"):
            results[-1] = {"name": results[-1]["name"], **death, "wall_ms": results[-1]["wall_ms"]}
        for r in results:
            r.pop("nonce", None)
            r["output"] = outputs.get(r["name"], "") if r["outcome"] != Outcome.IMPORT_ERROR else outputs.get("", "")
        return results

    def _reap_escapees(self) -> None:
        """Kill and reap processes left behind (only possible without seccomp; PID 1 adopts them)."""
        me = os.getpid()
        for _ in range(50):
            orphans = _children_of(me)
            if not orphans:
                break
            for pid in orphans:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            _reap_all()
            time.sleep(0.01)
        _reap_all()


class _Channel:
    """The zygote's end of the child's command and reply pipes: one command, then exactly one reply."""

    def __init__(self, cmd_fd: int, res_fd: int):
        self.cmd_fd, self.res_fd = cmd_fd, res_fd

    def ask(self, command: dict, deadline: float) -> tuple[dict | None, str]:
        """(reply, "") or (None, why): "timeout", "closed" (the child died or closed it), "tampered"."""
        # Anything already waiting was written before this command existed: not the harness's reply.
        ready, _, _ = select.select([self.res_fd], [], [], 0)
        if ready:
            early = os.read(self.res_fd, 1 << 16)
            return None, ("tampered" if early else "closed")
        nonce = secrets.token_hex(16)
        try:
            _write_all(self.cmd_fd, (json.dumps({**command, "nonce": nonce}) + "\n").encode())
        except OSError:
            return None, "closed"
        buf = b""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None, "timeout"
            ready, _, _ = select.select([self.res_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self.res_fd, 1 << 16)
            if not chunk:
                return None, "closed"
            buf += chunk
            if len(buf) > RESULT_LIMIT_BYTES:
                return None, "tampered"
            if b"\n" in buf:
                line, rest = buf.split(b"\n", 1)
                try:
                    reply = json.loads(line)
                except ValueError:
                    return None, "tampered"
                if rest or not isinstance(reply, dict) or reply.get("nonce") != nonce \
                        or not isinstance(reply.get("outcome"), str):
                    return None, "tampered"
                return reply, ""

    def close(self) -> None:
        for fd in (self.cmd_fd, self.res_fd):
            with contextlib.suppress(OSError):
                os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _vm_size_bytes() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _children_of(ppid: int) -> list[int]:
    out: list[int] = []
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
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill(pid, signal.SIGKILL)


def _death_outcome(status: int, timed_out: bool, grown_kb: int, mem_mb: int) -> dict:
    if timed_out:
        return {"outcome": Outcome.TIMEOUT}
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            return {"outcome": Outcome.TIMEOUT}
        if sig == signal.SIGKILL and grown_kb >= mem_mb * 1024 * 0.9:
            return {"outcome": Outcome.MEMORY}  # the kernel's OOM killer, after the child really grew
        return {"outcome": Outcome.SIGNAL, "signal": sig, "signal_name": signal.Signals(sig).name}
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    return {"outcome": Outcome.NO_RESULT, "exit_code": code,
            "message": f"the process exited (code {code}) without returning a result"}


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
class _Commands:
    """The child's end: read one command line at a time."""

    def __init__(self, fd: int):
        self.fd, self.buf = fd, b""

    def next(self) -> dict:
        while b"\n" not in self.buf:
            chunk = os.read(self.fd, 4096)
            if not chunk:
                os._exit(0)  # the zygote is done with us
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)


def _child_main(request, tests, cmd_fd, res_fd, workdir, baseline_vm, ruleset_fd, use_seccomp) -> None:
    commands = _Commands(cmd_fd)
    command = commands.next()  # "load"
    try:
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.chdir(workdir)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversized writes fail with EFBIG instead
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        _redirect_output(workdir, 0)
        names = list(request["scenarios"])
        timeout = float(request["timeout_s"])
        cpu = int(timeout * len(names)) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_LIMIT_BYTES, OUTPUT_LIMIT_BYTES))
        if baseline_vm:  # unknown without /proc; RLIMIT_AS is not enforced there anyway (macOS)
            address_space = baseline_vm + int(request["mem_mb"]) * (1 << 20)
            resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        keep = sorted({0, 1, 2, cmd_fd, res_fd, ruleset_fd} - {-1})
        for low, high in zip(keep, [*keep[1:], 65536], strict=True):
            os.closerange(low + 1, high)
        resource.setrlimit(resource.RLIMIT_NOFILE, (MAX_OPEN_FILES, MAX_OPEN_FILES))
        os.environ.clear()
        os.environ.update({k: v for k, v in _CHILD_ENV.items()})
        os.environ.update({"HOME": workdir, "TMPDIR": workdir})
        tempfile.tempdir = workdir
        if ruleset_fd >= 0:
            _apply_landlock(ruleset_fd, workdir)
            os.close(ruleset_fd)
        if use_seccomp:
            problem = install_filter(os.getpid())
            if problem:
                raise OSError(problem)
    except BaseException as exc:  # a sandbox set-up failure is ours, not the user's
        _reply(res_fd, command, {"outcome": Outcome.INTERNAL, "message": f"sandbox set-up failed: {exc!r}"})
        os._exit(3)

    from coding_katas.scenarios import as_scenario
    from coding_katas.wire import WireError, encode

    source = request["source"]
    linecache.cache[USER_FILE] = (len(source), None, source.splitlines(True), USER_FILE)
    module = types.ModuleType("solution")
    module.__file__ = USER_FILE
    me = os.getpid()
    # Registered before it runs, as an import would: @dataclass, typing.get_type_hints and pickle look the
    # module up in sys.modules by name while the class bodies execute.
    sys.modules["solution"] = module
    try:
        code = compile(source, USER_FILE, "exec")
        exec(code, module.__dict__)
    except BaseException as exc:  # SystemExit and KeyboardInterrupt included: the module failed to load
        if os.getpid() == me:
            _reply(res_fd, command, {"outcome": Outcome.IMPORT_ERROR, **_exception_payload(exc)})
        os._exit(0)
    _reply(res_fd, command, {"outcome": Outcome.LOADED})

    while True:
        command = commands.next()
        name, index = command["name"], int(command.get("index", 0))
        scenario = as_scenario(name, getattr(tests, name, None))
        _redirect_output(workdir, index)
        t0 = time.process_time()
        try:
            if scenario is None:  # cannot happen: the worker sends only names it collected from `tests`
                raise LookupError(f"no scenario named {name!r}")
            value = scenario.run(module)
            event = {"outcome": Outcome.OK, "value": encode(value)}
        except WireError as exc:
            event = {"outcome": Outcome.BAD_VALUE, "message": str(exc)}
        except MemoryError:
            event = {"outcome": Outcome.MEMORY}
        except BaseException as exc:  # noqa: BLE001 - SystemExit in a test is the user's error too
            event = {"outcome": Outcome.EXCEPTION, **_exception_payload(exc)}
        event["cpu_ms"] = round((time.process_time() - t0) * 1000, 2)
        _flush_output()  # before the reply: the child is killed after the last one, losing buffered prints
        try:
            _reply(res_fd, command, event)
        except (ValueError, TypeError, OverflowError, MemoryError, RecursionError):
            _reply(res_fd, command, {"outcome": Outcome.BAD_VALUE, "message": "result could not be serialised"})


_CHILD_ENV = {k: os.environ[k] for k in CHILD_ENV_KEEP if k in os.environ}


def _reply(fd: int, command: dict, event: dict) -> None:
    _write_all(fd, (json.dumps({**event, "nonce": command.get("nonce")}, allow_nan=False) + "\n").encode())


def _flush_output() -> None:
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - a full output file must not stop the next scenario
        pass


def _redirect_output(workdir: str, index: int) -> None:
    _flush_output()
    out = os.open(os.path.join(workdir, f"out-{index}.txt"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)


def _exception_payload(exc: BaseException) -> dict:
    """Exception type, message and the traceback trimmed to the user's own frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == USER_FILE]
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(exc), exc)
    text = "".join(lines)
    if len(text) > 4000:
        text = text[:4000] + "\n[traceback truncated]"
    try:
        message = str(exc)[:1000]
    except Exception:  # noqa: BLE001 - a hostile __str__
        message = "(message could not be shown)"
    return {"type": type(exc).__name__[:200], "message": message, "traceback": text}


def main() -> None:
    runtime = sys.argv[1] if len(sys.argv) > 1 else "numpy"
    # Keep the protocol channel private: submitted code must never write to the worker's stdout.
    proto_out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    ns = Namespaces()
    ns.enter()  # before numpy starts any thread: unshare needs a single-threaded process
    scratch = ns.scratch()
    if ns.pid:
        zygote = os.fork()  # the first child after unshare(CLONE_NEWPID) is PID 1 of the new namespace
        if zygote:
            proto_out.close()
            os.close(0)
            _, status = os.waitpid(zygote, 0)
            if ns.tmpfs:
                _libc.umount2(scratch.encode(), MNT_DETACH)
            _rmtree(scratch)
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        ns.mount_proc()
    worker = Worker(runtime, ns, scratch)
    proto_out.write(json.dumps({"ready": True, "sandbox": worker.sandbox}) + "\n")
    for line in sys.stdin:
        try:
            request = json.loads(line)
            response = worker.run(request)
        except Exception as exc:  # noqa: BLE001 - report, keep serving
            response = {"error": f"{type(exc).__name__}: {exc}"}
        proto_out.write(json.dumps(response) + "\n")
    if not ns.pid:  # otherwise the outer process removes it
        _rmtree(scratch)


if __name__ == "__main__":
    main()
