"""The app grades through a grader host process: the workers are never the Streamlit process's children,
the host survives what submissions do, and a host that dies costs one submission, not the app."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

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
    assert _parent(host) == os.getpid()
    under_host = _descendants(host)
    workers = {p for p in under_host if "sandbox_worker" in Path(f"/proc/{p}/cmdline").read_text()}
    assert workers, "the host started no workers"
    assert all(_parent(p) != os.getpid() for p in under_host)  # none is a child of this (the app's) process


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


def test_prepare_computes_the_reference_values_a_grade_then_reuses(remote, grader, monkeypatch):
    """The kata page asks the host to prepare a kata when it is opened: the first Submit then runs only the
    user's code. In-process: prepare fills the cache that grade reads, and the user worker is sent the kata with
    no scenarios (it imports the kata's tests and runs nothing; decision_tree's first grade 610 -> 85 ms).
    Through the host: it answers ok."""
    from evaluators.grader import UnknownKata

    entry = grader.entry("kmeans")
    grader._references.pop(("kmeans", entry.solution), None)
    user_worker = grader._worker(grader._workers, "numpy")
    sent, request = [], user_worker.request
    monkeypatch.setattr(user_worker, "request", lambda req, **kw: sent.append(req) or request(req, **kw))
    grader.prepare("kmeans")
    assert ("kmeans", entry.solution) in grader._references
    assert [(r["kata_dir"], r["scenarios"], r["source"]) for r in sent] == [(str(entry.folder), [], "")]
    assert remote.prepare("kmeans") is True
    with pytest.raises(UnknownKata):
        remote.prepare("no_such_kata")


def test_a_host_killed_while_idle_is_restarted_for_the_next_submission(remote):
    os.kill(remote._proc.pid, signal.SIGKILL)
    remote._proc.wait()
    started = time.monotonic()
    assert remote.grade("softmax", GOOD).status == "pass"
    assert time.monotonic() - started < 60


def test_a_host_killed_during_a_grade_costs_that_submission_only(remote):
    slow = GOOD.replace("    e = np.exp", "    import time\n    time.sleep(1.5)\n    e = np.exp", 1)
    remote.grade("softmax", GOOD)  # a live host
    host = remote._proc.pid
    before = _descendants(host)

    def kill_once_the_submission_runs() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (_descendants(host) - before):
            time.sleep(0.02)  # a new process under the host: the child forked for this submission
        os.kill(host, signal.SIGKILL)

    killer = threading.Thread(target=kill_once_the_submission_runs)
    killer.start()
    result = remote.grade("softmax", slow, samples_only=True)
    killer.join()
    assert result.status == "error" and "grader host stopped" in (result.error or "")
    assert remote.grade("softmax", GOOD).status == "pass"
