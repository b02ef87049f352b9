"""The app grades through a grader host process: the workers are never the Streamlit process's children,
the host survives what submissions do, and a host that dies costs one submission, not the app."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from evaluators.grader_host import RemoteGrader

GOOD = ("import numpy as np\ndef softmax(x, axis=-1):\n    e = np.exp(x - x.max(axis=axis, keepdims=True))\n"
        "    return e / e.sum(axis=axis, keepdims=True)\n")


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


def _descendants(root: int) -> set[int]:
    found, changed = {root}, True
    while changed:
        changed = False
        for entry in os.listdir("/proc"):
            if entry.isdigit() and int(entry) not in found:
                try:
                    if _parent(int(entry)) in found:
                        found.add(int(entry))
                        changed = True
                except (OSError, ValueError):
                    pass
    return found - {root}


@pytest.fixture(scope="module")
def remote():
    with RemoteGrader() as g:
        assert g.grade("softmax", GOOD).status == "pass"
        yield g


def test_workers_descend_from_the_host_not_from_this_process(remote):
    host = remote._proc.pid
    mine = {p for p in _descendants(os.getpid())}
    under_host = _descendants(host)
    assert under_host, "the host started no workers"
    assert mine == {host} | under_host  # every sandbox process is under the host
    assert all(_parent(p) != os.getpid() for p in under_host)


def test_a_submission_that_tries_to_kill_its_way_up_leaves_the_host_and_this_process_alive(remote):
    host = remote._proc.pid
    attack = GOOD.replace("    e = np.exp", (
        "    import os, signal\n"
        f"    for pid in ({os.getpid()}, {host}, os.getppid(), 1, -1):\n"
        "        try:\n"
        "            os.kill(pid, signal.SIGKILL)\n"
        "        except OSError:\n"
        "            pass\n"
        "    e = np.exp"), 1)
    result = remote.grade("softmax", attack)
    assert result.status == "pass"  # the kills were refused; the code then computed the right values
    assert remote._proc.pid == host and remote._proc.poll() is None


def test_a_host_killed_while_idle_is_restarted_for_the_next_submission(remote):
    os.kill(remote._proc.pid, signal.SIGKILL)
    remote._proc.wait()
    started = time.monotonic()
    assert remote.grade("softmax", GOOD).status == "pass"
    assert time.monotonic() - started < 60


def test_a_host_killed_during_a_grade_costs_that_submission_only(remote):
    slow = GOOD.replace("    e = np.exp", "    import time\n    time.sleep(1.5)\n    e = np.exp", 1)
    host = remote._proc.pid
    threading.Timer(0.5, lambda: os.kill(host, signal.SIGKILL)).start()
    result = remote.grade("softmax", slow, samples_only=True)
    assert result.status == "error" and "grader host stopped" in (result.error or "")
    assert remote.grade("softmax", GOOD).status == "pass"
