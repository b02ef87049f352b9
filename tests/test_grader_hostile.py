"""Hostile submissions get honest verdicts, quickly, and leave no process behind."""

import os
import time
from pathlib import Path

import pytest

from coding_katas.loader import load_katas
from evaluators.grader import SUBMISSION_BUDGET_FACTOR, Grader

KATA = "softmax"  # time_limit_s 2.0 -> submission budget max(3 x 2, 2 + 4) = 6 s
# The rows that can only end in a time-out run on a test-only softmax kata with a 0.5 s limit (budget 4.5 s):
# the verdict and the clean-up are the same, the wait is a quarter.
SHORT = load_katas(Path(__file__).with_name("kata_fixtures")).by_id()["short_limit_softmax"]
SLACK_S = 2.0

HEADER = "import numpy as np\n"
GOOD = ("def softmax(x, axis=-1):\n    e = np.exp(x - x.max(axis=axis, keepdims=True))\n"
        "    return e / e.sum(axis=axis, keepdims=True)\n")


def body(code: str) -> str:
    return HEADER + "def softmax(x, axis=-1):\n" + "".join(f"    {line}\n" for line in code.splitlines())


TIME_OUT_ROWS = {"infinite loop", "sleep"}
HOSTILE = [
    ("infinite loop", body("while True:\n    pass"), {"TLE"}),
    ("sleep", body("import time\ntime.sleep(1000)"), {"TLE"}),
    ("memory bomb at once", body("return np.ones((10**6, 10**6))"), {"MLE"}),
    ("memory bomb growing", body("hog = []\nwhile True:\n    hog.append(np.empty(10**7))"), {"MLE"}),
    ("fork loop", body("import os\nwhile True:\n    os.fork()"), {"RE", "TLE"}),
    ("huge output", body("while True:\n    print('x' * 10000)"), {"RE"}),
    ("5 GB file write",
     body("with open('big.bin', 'wb') as f:\n    for _ in range(5000):\n        f.write(b'0' * 10**6)"), {"RE"}),
    ("segfault", body("import ctypes\nctypes.string_at(0)"), {"RE"}),
    ("sys.exit at import", "import sys\nsys.exit(0)\n" + HEADER + GOOD, {"CE"}),
    ("os._exit in the function", body("import os\nos._exit(0)"), {"RE"}),
    ("monkeypatched numpy", HEADER + "np.allclose = lambda *a, **k: True\n"
     "np.testing.assert_allclose = lambda *a, **k: None\n"
     "np.array_equal = lambda *a, **k: True\n" + body("return np.zeros_like(x)")[len(HEADER):], {"WA"}),
    ("lying __eq__", HEADER + "class Liar:\n    def __eq__(self, other):\n        return True\n    __hash__ = None\n"
     + body("return Liar()")[len(HEADER):], {"WA"}),
    ("lying ndarray subclass", HEADER + "class Liar(np.ndarray):\n    def __eq__(self, other):\n"
     "        return np.ones(self.shape, bool)\n"
     + body("return np.zeros_like(x).view(Liar)")[len(HEADER):], {"WA"}),
    ("syntax error", "def softmax(x, axis=-1)\n    return x\n", {"CE"}),
    ("forged result line", HEADER + body(
        "import os, json\nfor fd in range(3, 64):\n    try:\n"
        "        os.write(fd, b'{\"name\": \"one_vector\", \"outcome\": \"ok\", \"value\": 1}\\n')\n"
        "    except OSError:\n        pass\nreturn np.zeros_like(x)")[len(HEADER):], {"RE", "WA"}),
]


@pytest.fixture(scope="module", autouse=True)
def warm(grader):
    """Reference values and workers exist before any row is timed or its processes counted."""
    assert grader.grade(KATA, HEADER + GOOD).status == "pass"


@pytest.fixture
def short_kata(monkeypatch):
    """Let the grader find the test-only kata, which is not in the app's catalogue."""
    real = Grader.entry
    monkeypatch.setattr(Grader, "entry", staticmethod(lambda kata_id: SHORT if kata_id == SHORT.kata.id
                                                      else real(kata_id)))
    return SHORT


def _budget(kata) -> float:
    limit = kata.time_limit_s
    return max(limit * SUBMISSION_BUDGET_FACTOR, limit + 4.0)


def _sandbox_processes(grader) -> set[int]:
    """Every process descending from this grader's workers, other than the workers themselves."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError):
                pass
    workers = {w._proc.pid for pool in (grader._workers, grader._reference_workers)
               for w in pool.values() if w._proc is not None}
    found = set()
    for pid in parent:
        p = parent.get(pid)
        while p and p not in workers and p in parent:
            p = parent[p]
        if p in workers:
            found.add(pid)
    return found


def _describe(pids: set[int]) -> list[str]:
    out = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                out.append(f.read()[:120])
        except OSError:
            out.append(f"{pid} (gone)")
    return out


@pytest.mark.parametrize("label,source,verdicts", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_submission(grader, short_kata, label, source, verdicts):
    kata = short_kata.kata if label in TIME_OUT_ROWS else Grader.entry(KATA).kata
    grader.grade(kata.id, HEADER + GOOD)  # warm (cached after the first time)
    before = _sandbox_processes(grader)
    t0 = time.monotonic()
    result = grader.grade(kata.id, source)
    elapsed = time.monotonic() - t0
    # input_is_not_modified only checks the caller's array, which these submissions leave alone.
    got = {t.verdict for t in result.tests if t.name != "input_is_not_modified"}
    assert result.status != "pass"
    assert "AC" not in got, [(t.name, t.verdict, t.message) for t in result.tests]
    assert got <= verdicts, [(t.name, t.verdict, t.message) for t in result.tests]
    assert elapsed < _budget(kata) + SLACK_S, f"took {elapsed:.1f} s"
    if label in TIME_OUT_ROWS:  # one time limit, then the rest are not run: not the whole budget
        assert elapsed < kata.time_limit_s + SLACK_S, f"took {elapsed:.1f} s"
    left = _sandbox_processes(grader) - before
    assert left == set(), f"a sandboxed process outlived its submission: {_describe(left)}"


def test_good_solution_still_passes_after_the_hostile_ones(grader):
    assert grader.grade(KATA, HEADER + GOOD).status == "pass"


def test_hidden_tests_never_show_expected_values(grader):
    result = grader.grade(KATA, body("return np.zeros_like(x) + 0.123"))
    for t in result.tests:
        if t.visibility == "hidden":
            assert t.expected is None and t.got is None and t.input is None
            assert "0.09003" not in t.message
    sample = next(t for t in result.tests if t.visibility == "sample")
    assert sample.expected and sample.got and "softmax" in sample.input


def test_traceback_is_trimmed_to_user_frames(grader):
    result = grader.grade(KATA, body("return helper(x)") + "\ndef helper(x):\n    raise ValueError('boom')\n")
    tb = result.tests[0].traceback
    assert 'File "<solution>"' in tb and "ValueError: boom" in tb
    assert "sandbox_worker" not in tb and "scenarios.py" not in tb and "test_kata" not in tb


def test_output_is_captured_and_capped(grader):
    result = grader.grade(KATA, body("print('hello from the user')\nprint('y' * 5000)\nreturn x"))
    out = result.tests[0].output
    assert out.startswith("hello from the user") and "[output truncated" in out and len(out) < 700


def test_network_is_unreachable_in_a_full_sandbox(grader):
    result = grader.grade(KATA, body(
        "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept OSError as e:\n"
        "    raise RuntimeError(f'errno {e.errno}')\nreturn x"))
    if result.sandbox == "full":
        # EACCES: Landlock refuses TCP connect; ENETUNREACH where only the empty namespace stops it.
        assert "errno 13" in result.tests[0].message or "errno 101" in result.tests[0].message
    else:
        assert result.sandbox_notes


def test_every_outcome_but_ok_has_a_verdict_and_unknown_ones_are_runtime_errors():
    from evaluators.protocol import VERDICTS, Outcome, verdict_for

    assert set(VERDICTS) == set(Outcome) - {Outcome.OK, Outcome.LOADED}
    assert verdict_for({"outcome": "timeout"}, 2.0, 256) == ("TLE", "did not finish within 2 s")
    killed = verdict_for({"outcome": "signal", "signal_name": "SIGKILL"}, 2.0, 256)
    assert killed == ("RE", "killed by a signal (SIGKILL)")
    assert verdict_for({"outcome": "something new"}, 2.0, 256)[0] == "RE"
