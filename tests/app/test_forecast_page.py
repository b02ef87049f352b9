"""Progress page: the forecast chart's bars are the store's due dates per local day."""

from datetime import timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from progress.clock import utc_now
from progress.forecast import forecast
from progress.scheduling import Drills
from progress.store import Store

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


def _chart_rows(at):
    """The bars of the forecast chart, read back from the Arrow data Streamlit sends to the browser."""
    import pyarrow as pa

    for el in at.get("vega_lite_chart"):
        if "reviews due" in el.proto.spec:
            table = pa.ipc.open_stream(el.proto.datasets[0].data.data).read_all().to_pandas()
            return dict(zip(table["day"], table["reviews"].astype(int), strict=True))
    return None


def test_forecast_chart_matches_the_store(mastery_home):
    store = Store(mastery_home / "mastery.db")
    d = Drills(store)
    now = utc_now()
    for i, rating in enumerate((1, 3, 3, 4, 4)):
        d.review("question", f"q{i}", rating, now=now - timedelta(days=1))
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    at.switch_page("views/dashboard.py").run()
    assert not at.exception
    shown = _chart_rows(at)
    expected = {day.isoformat(): n for day, n in forecast(store)}
    # five cards reviewed yesterday, all due within the month (Easy on a new card: about a week)
    assert shown == expected and sum(shown.values()) == 5
    assert any("review(s) due in the next 30 days" in c.value for c in at.caption)


def test_empty_store_says_nothing_is_due(mastery_home):
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    at.switch_page("views/dashboard.py").run()
    assert any("No reviews due in the next 30 days" in c.value for c in at.caption)
