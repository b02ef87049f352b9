"""Kata table rows: learning-path order, status, best solve time from attempt segments, last attempt."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from progress.attempts import record_attempt
from progress.kata_table import best_time, learning_order, rows
from progress.store import Store

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class K:
    id: str
    title: str
    area: str
    topic: str
    difficulty: str
    runtime: str = "numpy"
    time_budget_min: int = 20


@dataclass(frozen=True)
class E:
    kata: K


PHASES = {"t_late": 5, "t_early": 1}
ENTRIES = [E(K("a_hard_early", "Zeta", "x", "t_early", "hard")), E(K("b_easy_late", "Alpha", "x", "t_late", "easy")),
           E(K("c_easy_early", "Beta", "x", "t_early", "easy")), E(K("d_nophase", "Aardvark", "x", "none", "easy")),
           E(K("e_med_early", "Gamma", "x", "t_early", "medium"))]


def _phase(area, topic):
    return PHASES.get(topic)


def test_order_is_phase_then_difficulty_then_title():
    assert [e.kata.id for e in learning_order(ENTRIES, _phase)] == [
        "c_easy_early", "e_med_early", "a_hard_early", "b_easy_late", "d_nophase"]


def test_best_time_sums_segments_up_to_each_pass():
    recs = [(T0, "samples_fail", 60.0), (T0, "fail", 30.0), (T0, "pass", 10.0),   # first solve: 100 s
            (T0, "samples_pass", 5.0), (T0, "pass", 40.0),                         # second solve: 45 s
            (T0, "gave_up", 7.0), (T0, "over_time", 500.0)]
    assert best_time(recs) == 45.0
    assert best_time([(T0, "fail", 9.0)]) is None


def test_rows_from_the_store(tmp_path):
    store = Store(tmp_path / "m.db")
    record_attempt(store, "kata", "e_med_early", "fail", duration_s=120, at=T0)
    record_attempt(store, "kata", "e_med_early", "pass", duration_s=30, at=T0 + timedelta(minutes=3))
    record_attempt(store, "kata", "a_hard_early", "samples_fail", duration_s=50, at=T0 + timedelta(hours=1))
    by_id = {r.kata_id: r for r in rows(store, ENTRIES, _phase)}
    assert (by_id["e_med_early"].status, by_id["e_med_early"].best_time_s, by_id["e_med_early"].attempts) == (
        "solved", 150.0, 2)
    assert by_id["e_med_early"].last_attempt == T0 + timedelta(minutes=3)
    assert (by_id["a_hard_early"].status, by_id["a_hard_early"].best_time_s,
            by_id["a_hard_early"].last_result) == ("attempted", None, "samples_fail")
    assert by_id["c_easy_early"].status == "new" and by_id["c_easy_early"].last_attempt is None
