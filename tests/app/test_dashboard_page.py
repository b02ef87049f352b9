"""The Progress page renders with real data from a scripted month of practice."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from app.catalog import load_catalog
from progress.scheduling import Drills
from progress.store import Store
from tests.test_dashboard import scripted_month

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


def test_dashboard_with_a_month_of_practice(mastery_home):
    drills = Drills(Store(mastery_home / "mastery.db"), enable_fuzzing=False)
    scripted_month(drills, load_catalog())
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    at.switch_page("views/dashboard.py").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Items seen"]) >= 100 and metrics["Kata solve rate"] == "100%"
    assert any("log loss" in c.value for c in at.caption)
    assert any(e.label.startswith("Phase 1: Foundations") for e in at.expander)


def test_empty_dashboard():
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    at.switch_page("views/dashboard.py").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Items seen"] == "0"
