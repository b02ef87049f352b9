"""Attacks on the grader, one row each: the verdict is honest, nothing outside the child is touched, and the
next correct submission still passes in under a second with the grader host alive.

The rows replay what an outside check did to the first grader (issue 14): kill the host, leave the network
namespace, read or overwrite the reference, write the user's files and database, forge results, crash the
grader with values, read the host's environment, stop the sibling workers, kill itself.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import socket
import sqlite3
import time
from pathlib import Path

import pytest

from coding_katas.loader import load_katas
from evaluators import seccomp
from evaluators.grader import Grader

KATA = "softmax"
HEADER = "import numpy as np\n"
GOOD = HEADER + ("def softmax(x, axis=-1):\n    e = np.exp(x - x.max(axis=axis, keepdims=True))\n"
                 "    return e / e.sum(axis=axis, keepdims=True)\n")
ZEROS = "def softmax(x, axis=-1):\n    return np.zeros_like(x)\n"
SECRET = "sk-mastery-test-secret-4f1c"


def fn(code: str, returns: str = "np.zeros_like(x)") -> str:
    """A softmax whose body runs `code` first and then returns `returns`."""
    body = "".join(f"    {line}\n" for line in code.splitlines())
    return HEADER + "def softmax(x, axis=-1):\n" + body + f"    return {returns}\n"


@pytest.fixture(scope="module")
def env(tmp_path_factory, monkeypatch_module):
    home = tmp_path_factory.mktemp("mastery-home")
    db = home / "mastery.db"
    with sqlite3.connect(db) as con:
        con.execute("create table attempts (id integer primary key, kata text, passed int)")
    monkeypatch_module.setenv("MASTERY_HOME", str(home))
    monkeypatch_module.setenv("MASTERY_LLM_API_KEY", SECRET)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    outside = tmp_path_factory.mktemp("outside")
    grader = Grader()
    assert grader.grade(KATA, GOOD).status == "pass"
    yield {"grader": grader, "home": home, "db": db, "port": listener.getsockname()[1], "listener": listener,
           "outside": outside}
    grader.close()
    listener.close()


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kata_dir() -> Path:
    return load_katas().by_id()[KATA].folder


def _attacks(e: dict) -> list[tuple[str, str, set[str]]]:
    kata = _kata_dir()
    home, port, outside = e["home"], e["port"], e["outside"]
    host_pid = os.getpid()
    return [
        ("kill the grader host by walking /proc to the parent", fn(
            "import os, signal\n"
            "pid = os.getpid()\n"
            "for _ in range(8):\n"
            "    try:\n"
            "        pid = int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])\n"
            "        os.kill(pid, signal.SIGKILL)\n"
            "    except Exception:\n"
            "        break\n"
            f"for target in ({host_pid}, os.getppid(), 1, -1):\n"
            "    try:\n"
            "        os.kill(target, signal.SIGKILL)\n"
            "    except Exception:\n"
            "        pass"), {"WA"}),
        ("stop every process it can name (siblings, workers)", fn(
            "import os, signal\n"
            "for pid in range(1, 4096):\n"
            "    if pid != os.getpid():\n"
            "        try:\n"
            "            os.kill(pid, signal.SIGSTOP)\n"
            "        except Exception:\n"
            "            pass"), {"WA"}),
        ("setns into the grader's network namespace and call the app", fn(
            "import ctypes, os, socket\n"
            "libc = ctypes.CDLL(None, use_errno=True)\n"
            "for pid in ['1', 'self', *map(str, range(2, 64))]:\n"
            "    try:\n"
            "        fd = os.open(f'/proc/{pid}/ns/net', os.O_RDONLY)\n"
            "        libc.setns(fd, 0)\n"
            "    except OSError:\n"
            "        pass\n"
            "try:\n"
            f"    socket.create_connection(('127.0.0.1', {port}), timeout=0.5).sendall(b'GET / HTTP/1.0\\r\\n\\r\\n')\n"
            "except OSError:\n"
            "    pass"), {"WA"}),
        ("import the reference solution from disk", HEADER + (
            "import importlib.util\n"
            f"spec = importlib.util.spec_from_file_location('ref', {str(kata / 'solution.py')!r})\n"
            "ref = importlib.util.module_from_spec(spec)\n"
            "spec.loader.exec_module(ref)\n"
            "softmax = ref.softmax\n"), {"CE"}),
        ("exec the kata's tests from disk", fn(
            f"exec(open({str(kata / 'test_kata.py')!r}).read())"), {"RE"}),
        ("overwrite the reference solution", fn(
            f"open({str(kata / 'solution.py')!r}, 'w').write('def softmax(x, axis=-1):\\n    return 0\\n')"), {"RE"}),
        ("write 200 files of 1 MB outside its folder", fn(
            "import os\n"
            "for i in range(200):\n"
            f"    for d in ({str(outside)!r}, {str(home)!r}, '/tmp', os.path.expanduser('~')):\n" +
            "        try:\n"
            "            open(os.path.join(d, f'junk-{i}.bin'), 'wb').write(b'0' * (1 << 20))\n"
            "        except OSError:\n"
            "            pass"), {"WA"}),
        ("mark every kata solved in $MASTERY_HOME/mastery.db", fn(
            "import sqlite3\n"
            f"con = sqlite3.connect({str(home / 'mastery.db')!r})\n"
            "con.execute(\"insert into attempts (kata, passed) values ('softmax', 1)\")\n"
            "con.commit()"), {"RE"}),
        ("forge result lines on every descriptor at import", HEADER + (
            "import json, os\n"
            "for fd in range(3, 64):\n"
            "    for outcome in ('started', 'ok', 'loaded'):\n"
            "        try:\n"
            "            line = json.dumps({'name': 'one_vector', 'outcome': outcome, 'value': 1}) + '\\n'\n"
            "            os.write(fd, line.encode())\n"
            "        except OSError:\n"
            "            pass\n") + ZEROS, {"RE", "WA"}),
        ("forge a reply with the nonce read from the harness's frame", fn(
            "import json, os, sys\n"
            "f = sys._getframe(1)\n"
            "while f is not None and 'command' not in f.f_locals:\n"
            "    f = f.f_back\n"
            "nonce = f.f_locals['command']['nonce'] if f else ''\n"
            "for fd in range(3, 64):\n"
            "    try:\n"
            "        os.write(fd, (json.dumps({'nonce': nonce, 'outcome': 'ok', 'value': 0.5}) + '\\n').encode())\n"
            "    except OSError:\n"
            "        pass"), {"RE", "WA"}),
        ("return 10**400", fn("", returns="10**400"), {"WA"}),
        ("forge a 100-dimensional array on the wire", HEADER + (
            "import coding_katas.wire as wire\n"
            "def forged(value, depth=0):\n"
            "    return {'__ndarray__': {'dtype': '<f8', 'shape': [1] * 100, 'data': [0.0]}}\n"
            "wire.encode.__code__ = forged.__code__\n") + ZEROS, {"WA"}),
        ("forge an int8 array holding 1000", HEADER + (
            "import coding_katas.wire as wire\n"
            "def forged(value, depth=0):\n"
            "    return {'__ndarray__': {'dtype': '|i1', 'shape': [3], 'data': [1000, -1000, 7]}}\n"
            "wire.encode.__code__ = forged.__code__\n") + ZEROS, {"WA"}),
        ("read the grader's environment for the API key", fn(
            "import os\n"
            "found = [k for k, v in os.environ.items() if 'sk-' in v]\n"
            "for pid in ['self', '1', *map(str, range(2, 4096))]:\n"
            "    try:\n"
            f"        if {SECRET!r}.encode() in open(f'/proc/{{pid}}/environ', 'rb').read():\n"
            "            found.append(pid)\n"
            "    except OSError:\n"
            "        pass\n"
            "print('FOUND', found)"), {"WA"}),
        ("kill itself with SIGKILL", fn("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"), {"RE"}),
    ]


def _row_ids() -> list[str]:
    return [label for label, _, _ in _attacks({"home": Path("/h"), "port": 1, "outside": Path("/o")})]


def _worker_pids(grader: Grader) -> set[int]:
    return {w._proc.pid for pool in (grader._workers, grader._reference_workers) for w in pool.values()
            if w._proc is not None and w._proc.poll() is None}


@pytest.mark.parametrize("label", _row_ids())
def test_attack(env, label):
    grader: Grader = env["grader"]
    _, source, verdicts = next(a for a in _attacks(env) if a[0] == label)
    kata = _kata_dir()
    watched = [kata / "solution.py", kata / "test_kata.py", env["db"]]
    before = {p: _digest(p) for p in watched}
    outside_before = sorted(os.listdir(env["outside"])) + sorted(os.listdir(env["home"]))
    workers = _worker_pids(grader)

    result = grader.grade(KATA, source)

    got = {t.verdict for t in result.tests}
    assert got <= verdicts | {"AC"}, [(t.name, t.verdict, t.message) for t in result.tests]
    assert result.status in ("fail", "error") and not result.passed
    assert result.sandbox == "full", result.sandbox_notes
    # Nothing outside the child changed, and nothing reached the listener.
    assert {p: _digest(p) for p in watched} == before
    assert sorted(os.listdir(env["outside"])) + sorted(os.listdir(env["home"])) == outside_before
    assert not list(Path("/tmp").glob("junk-*.bin"))
    with pytest.raises(BlockingIOError):
        env["listener"].accept()
    assert all("sk-" not in t.output and "FOUND ['" not in t.output for t in result.tests)
    # The host and the workers are alive and fast.
    assert _worker_pids(grader) == workers
    started = time.monotonic()
    good = grader.grade(KATA, GOOD)
    assert good.status == "pass" and time.monotonic() - started < 1.0


def test_self_sigkill_is_a_runtime_error_not_memory(env):
    result = env["grader"].grade(KATA, fn("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"))
    assert {t.verdict for t in result.tests} == {"RE"}
    assert "killed by a signal (SIGKILL)" in result.tests[0].message


def test_a_forged_value_never_passes_a_hidden_test(env):
    """A reply forged with the harness's nonce still carries a value, and the grader judges that value."""
    result = env["grader"].grade(KATA, _attacks(env)[9][1])
    hidden = [t for t in result.tests if t.visibility == "hidden"]
    assert hidden and all(t.verdict != "AC" for t in hidden)


def test_the_layers_are_named(env):
    result = env["grader"].grade(KATA, GOOD)
    assert result.sandbox == "full"
    notes = " ".join(result.sandbox_notes)
    assert "Landlock ABI" in notes and "missing" not in notes


# -- the seccomp deny-list, syscall by syscall -------------------------------------------------------
def _errnos_in_child(install: bool) -> dict[str, int]:
    """Call every denied syscall with harmless invalid arguments (-1) in a forked child; errno per name."""
    import json

    arch, numbers = seccomp.ARCHES[os.uname().machine]
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            if install:
                assert seccomp.install_filter() is None
            libc = ctypes.CDLL(None, use_errno=True)
            libc.syscall.restype = ctypes.c_long
            out = {}
            for name in seccomp.DENIED:
                if name in ("fork", "vfork") or name not in numbers:
                    continue  # would really fork without the filter; the hostile table covers them
                ctypes.set_errno(0)
                m1 = ctypes.c_long(-1)
                rc = libc.syscall(ctypes.c_long(numbers[name]), m1, m1, m1, m1, m1, m1)
                out[name] = ctypes.get_errno() if rc == -1 else 0
            for name in seccomp.SIGNALLING:  # signal 0 to pid 1: only a permission check
                ctypes.set_errno(0)
                if name in ("kill", "tkill"):
                    rc = libc.syscall(ctypes.c_long(numbers[name]), ctypes.c_long(1), ctypes.c_long(0))
                else:
                    rc = libc.syscall(ctypes.c_long(numbers[name]), ctypes.c_long(1), ctypes.c_long(1),
                                      ctypes.c_long(0))
                out[name] = ctypes.get_errno() if rc == -1 else 0
            os.write(write_fd, json.dumps(out).encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    data = b""
    while chunk := os.read(read_fd, 65536):
        data += chunk
    os.close(read_fd)
    os.waitpid(pid, 0)
    return json.loads(data)


def test_every_denied_syscall_is_refused_with_eperm():
    filtered = _errnos_in_child(install=True)
    assert len(filtered) >= 60
    assert {n: e for n, e in filtered.items() if e != errno.EPERM} == {}
    # Without the filter the same calls fail for other reasons (or succeed): the test can tell.
    unfiltered = _errnos_in_child(install=False)
    assert sum(e != errno.EPERM for e in unfiltered.values()) >= len(unfiltered) * 0.7


def test_own_signals_still_work():
    """The filter allows a process to signal itself (Python's own machinery, timers, pthread_kill)."""
    pid = os.fork()
    if pid == 0:
        ok = seccomp.install_filter() is None
        import signal

        signal.signal(signal.SIGUSR1, lambda *a: None)
        try:
            os.kill(os.getpid(), signal.SIGUSR1)
            os.kill(0, 0)
        except OSError:
            ok = False
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_solution_using_dataclasses_loads(env):
    """@dataclass looks its module up in sys.modules while the class body runs."""
    source = HEADER + (
        "from dataclasses import dataclass, field\n"
        "@dataclass\n"
        "class Row:\n"
        "    values: list = field(default_factory=list)\n"
        "def softmax(x, axis=-1):\n"
        "    row = Row([np.exp(x - x.max(axis=axis, keepdims=True))])\n"
        "    e = row.values[0]\n"
        "    return e / e.sum(axis=axis, keepdims=True)\n")
    assert env["grader"].grade(KATA, source).status == "pass"
