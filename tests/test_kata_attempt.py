"""The kata attempt state machine without Streamlit: clock, code ownership, durations, persistence."""

from types import SimpleNamespace

import pytest

from progress import kata_attempt as ka
from progress.attempts import attempts_for
from progress.store import Store


class FakeGrader:
    def __init__(self, status="pass"):
        self.status, self.graded = status, []

    def grade(self, kata_id, source, samples_only=False):
        self.graded.append(source)
        n = 3 if samples_only else 10
        passed = n if self.status == "pass" else 0
        return SimpleNamespace(to_dict=lambda: {"status": self.status, "summary": {"passed": passed, "total": n},
                                                "tests": [{"name": f"t{i}", "verdict": "AC"} for i in range(n)]})


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "m.db")


def test_state_survives_a_new_load(store):
    ka.start(store, "softmax", 600, now=100.0)
    ka.edit(store, "softmax", "def f(): pass\n")
    again = ka.load(store, "softmax")
    assert again.status == "running" and again.deadline == 700.0 and again.code == "def f(): pass\n"


def test_grading_grades_the_attempts_code(store):
    ka.start(store, "softmax", None, now=0.0)
    ka.edit(store, "softmax", "mine")
    g = FakeGrader()
    ka.grade(store, g, "softmax", "starter", now=5.0)
    assert g.graded == ["mine"]
    ka.grade(store, g, "softmax", "starter", code="newer", now=6.0)
    assert g.graded[-1] == "newer" and ka.load(store, "softmax").code == "newer"


def test_clock_stops_at_a_pass_and_never_expires_after(store):
    ka.start(store, "softmax", 60, now=0.0)
    a = ka.grade(store, FakeGrader("pass"), "softmax", "s", code="x", now=30.0)
    assert a.status == "solved" and a.elapsed(1000.0) == 30.0 and a.time_left(1000.0) is None
    ka.tick(store, "softmax", now=1000.0)
    assert [x.result for x in attempts_for(store, "kata", "softmax")] == ["pass"]


def test_expiry_records_one_over_time_attempt(store):
    ka.start(store, "softmax", 60, now=0.0)
    ka.tick(store, "softmax", now=61.0)
    ka.tick(store, "softmax", now=62.0)
    assert [x.result for x in attempts_for(store, "kata", "softmax")] == ["over_time"]
    assert ka.load(store, "softmax").over_time


def test_durations_are_work_segments_that_sum_to_the_time_spent(store):
    ka.start(store, "softmax", None, now=0.0)
    g = FakeGrader("fail")
    for t in (60.0, 120.0, 180.0, 240.0):
        ka.grade(store, g, "softmax", "s", code=f"v{t}", now=t)
    durations = [x.duration_s for x in attempts_for(store, "kata", "softmax")]
    assert sorted(durations) == [60.0] * 4 and sum(durations) == 240.0


def test_restart_clears_the_attempt_and_remounts_the_editor(store):
    ka.start(store, "softmax", None, now=0.0)
    ka.edit(store, "softmax", "x")
    a = ka.restart(store, "softmax")
    assert a.status == "new" and a.code is None and a.editor_rev == 1
