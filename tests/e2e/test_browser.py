"""The real app in Debian's Chromium: start `mastery app`, click through every page, no exceptions.

Screenshots go to artifacts/screenshots/ (git-ignored) so a person can look at them.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must have Debian's chromium installed (.ci/run installs it)")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(home: Path, log_dir: Path):
    """Start `mastery app` headless on a free loopback port; returns (process, url)."""
    port = _free_port()
    log = (log_dir / "server.log").open("w+")
    # Time budgets x 0.01: a 10-minute kata runs out in 6 seconds, so the timer can be watched to zero.
    env = {**os.environ, "MASTERY_HOME": str(home), "MASTERY_TIME_SCALE": "0.01"}
    exe = Path(sys.executable).with_name("mastery")
    proc = subprocess.Popen([str(exe), "app", "--headless", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                            env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            raise RuntimeError(f"app did not start:\n{log.read()}")
        time.sleep(0.3)
    return proc, url


def stop_app(proc) -> None:
    os.killpg(proc.pid, 15)
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("browser-home")
    proc, url = start_app(home, tmp_path_factory.mktemp("logs"))
    yield url, home
    stop_app(proc)


@pytest.fixture(scope="module")
def page(server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        blocked: list[str] = []

        def only_loopback(route):
            host = urlparse(route.request.url).hostname or ""
            if host in ("127.0.0.1", "localhost", "::1") or route.request.url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", only_loopback)
        pg = context.new_page()
        pg.blocked = blocked
        yield pg
        browser.close()


def _settled(page: Page) -> None:
    # A click starts a rerun a moment later; without this pause the previous run's idle state can pass.
    page.wait_for_timeout(400)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0, timeout=30_000)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def test_home_page(server, page):
    url, _ = server
    page.goto(url)
    _settled(page)
    expect(page.get_by_role("heading", name="Mastery")).to_be_visible()
    expect(page.locator("[data-testid='stMetric']")).to_have_count(3)
    page.screenshot(path=str(SHOTS / "01-home.png"), full_page=True)


def test_question_bank_page(server, page):
    url, home = server
    page.goto(url)
    _settled(page)
    page.locator("[data-testid='stSidebarNav']").get_by_text("Question bank").click()
    _settled(page)
    expect(page.get_by_role("heading", name="Question bank")).to_be_visible()
    page.screenshot(path=str(SHOTS / "02-question-bank.png"), full_page=True)

    # Typing in the search box must not fire the single-key shortcuts.
    search = page.get_by_role("textbox", name="Search")
    search.fill("")
    search.type("kv cache a")
    search.press("Enter")
    _settled(page)
    expect(page.get_by_text("Reference answer")).to_have_count(0)

    page.get_by_role("button", name="Reveal answer").click()
    _settled(page)
    expect(page.get_by_text("Reference answer")).to_be_visible()
    page.screenshot(path=str(SHOTS / "03-question-revealed.png"), full_page=True)

    page.get_by_role("button", name="I knew it").click()
    _settled(page)
    expect(page.get_by_text("Saved your rating: I knew it.")).to_be_visible()
    page.screenshot(path=str(SHOTS / "04-question-rated.png"), full_page=True)

    import sqlite3

    rows = sqlite3.connect(home / "mastery.db").execute("SELECT item_type, result FROM attempts").fetchall()
    assert rows == [("question", "knew")]


def _set_editor(page: Page, code: str) -> None:
    """Replace the Ace editor's text, as pasting would, then leave the editor so it reports the text."""
    frame = page.frame_locator("iframe[title='code_editor.code_editor']")
    frame.locator(".ace_editor").wait_for(timeout=30_000)
    frame.locator("body").evaluate(
        "(body, code) => { const ed = body.querySelector('.ace_editor').env.editor; ed.setValue(code, 1); ed.focus(); }",
        code)


def _open_kata(page: Page, url: str, kata_id: str, start_label: str) -> None:
    page.goto(f"{url}/katas?kata={kata_id}")
    _settled(page)
    page.get_by_role("button", name=start_label).click()
    _settled(page)


def _kata_attempts(home: Path, kata_id: str) -> list[str]:
    import sqlite3

    rows = sqlite3.connect(home / "mastery.db").execute(
        "SELECT result FROM attempts WHERE item_type = 'kata' AND item_id = ? ORDER BY id", (kata_id,)).fetchall()
    return [r[0] for r in rows]


def test_katas_solve_one(server, page):
    url, home = server
    _open_kata(page, url, "softmax", "Start (10 min)")
    _set_editor(page, (ROOT / "coding_katas/katas/softmax/solution.py").read_text())
    page.get_by_role("button", name="Submit").click()
    _settled(page)
    expect(page.get_by_text("All tests passed")).to_be_visible(timeout=30_000)
    page.screenshot(path=str(SHOTS / "05-kata-solved.png"), full_page=True)
    assert _kata_attempts(home, "softmax")[-1] == "pass"


def test_katas_fail_one(server, page):
    url, home = server
    _open_kata(page, url, "lru_cache", "Practice untimed")
    _set_editor(page, "class LRUCache:\n    def __init__(self, capacity):\n        self.d = {}\n"
                      "    def get(self, key):\n        return self.d.get(key)\n"
                      "    def put(self, key, value):\n        self.d[key] = value\n"
                      "    def __len__(self):\n        return len(self.d)\n")
    page.get_by_role("button", name="Submit").click()
    _settled(page)
    expect(page.get_by_text("Not yet")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Expected").first).to_be_visible()  # the first failure is open
    page.screenshot(path=str(SHOTS / "06-kata-failed.png"), full_page=True)
    assert _kata_attempts(home, "lru_cache")[-1] == "fail"


def test_katas_timer_runs_out(server, page):
    url, home = server
    _open_kata(page, url, "softmax", "Start (10 min)")  # 6 s with the time scale
    page.screenshot(path=str(SHOTS / "07-kata-timer-running.png"))
    expect(page.get_by_text("Time is up")).to_be_visible(timeout=30_000)
    _settled(page)
    page.screenshot(path=str(SHOTS / "08-kata-timer-expired.png"), full_page=True)
    assert "over_time" in _kata_attempts(home, "softmax")


def test_design_case_under_the_timer_self_review_and_history(server, page):
    url, home = server
    page.goto(f"{url}/design?case=meta-feed-ranking")
    _settled(page)
    page.get_by_role("button", name="Start (45 min)").click()  # 27 s with the time scale
    _settled(page)
    expect(page.get_by_text("Time left")).to_be_visible()
    page.get_by_role("button", name="Ask: ").first.click()
    _settled(page)
    answer = page.get_by_role("textbox", name="Your design")
    answer.fill("Clarify the goal: long-term value, not raw clicks. Retrieval from friends, groups and pages, "
                "then a light ranker and a heavy multitask ranker predicting like, comment, share and hide, "
                "combined into a value score. We evaluate offline with AUC on a time-based split and online with "
                "A/B tests on sessions and retention, and we monitor calibration and feature freshness.")
    page.get_by_text("Self-review").first.click()  # leaves the text area, which sends its value
    _settled(page)
    page.screenshot(path=str(SHOTS / "09-design-answering.png"), full_page=True)
    modeling = page.locator("[data-testid='stExpander']", has_text="Modeling and ranking stages · weight 20")
    modeling.get_by_text("Modeling and ranking stages · weight 20").click()
    modeling.locator("label").filter(has_text="3 · solid").click()
    _settled(page)
    page.get_by_role("button", name="Submit answer and self-review").click()
    _settled(page)
    expect(page.get_by_text("Submitted. Self-review score")).to_be_visible()
    expect(page.get_by_text("Offline scorer")).to_be_visible()
    expect(page.get_by_text("Your answers to this case")).to_be_visible()
    page.screenshot(path=str(SHOTS / "10-design-scored.png"), full_page=True)
    import sqlite3

    rows = sqlite3.connect(home / "mastery.db").execute(
        "SELECT result, score FROM attempts WHERE item_type = 'case'").fetchall()
    assert rows == [("self_review", 13.3)]  # modeling (weight 20) at level 3: 20 x 2/3


def test_drill_rate_with_the_four_buttons(server, page):
    url, home = server
    page.goto(f"{url}/drills")
    _settled(page)
    expect(page.get_by_role("heading", name="Drills")).to_be_visible()
    page.screenshot(path=str(SHOTS / "12-drill-card.png"), full_page=True)
    for label in ("Again", "Hard", "Good", "Easy"):
        page.get_by_role("button", name=re.compile(f"^{label}")).click()
        _settled(page)
        expect(page.get_by_text(f"{label} recorded for")).to_be_visible()
    page.screenshot(path=str(SHOTS / "13-drill-rated.png"), full_page=True)
    import sqlite3

    db = sqlite3.connect(home / "mastery.db")
    assert [r[0] for r in db.execute("SELECT rating FROM review_log ORDER BY id")] == [1, 2, 3, 4]
    assert db.execute("SELECT COUNT(*) FROM review_state").fetchone()[0] == 4


def test_progress_dashboard(server, page):
    url, _ = server
    page.goto(f"{url}/progress")
    _settled(page)
    expect(page.get_by_role("heading", name="Progress")).to_be_visible()
    expect(page.get_by_text("Phase 1: Foundations")).to_be_visible()
    page.screenshot(path=str(SHOTS / "14-progress.png"), full_page=True)


def test_backend_mock_with_resume_time_out_and_report(server, page):
    url, home = server
    page.goto(f"{url}/mock")
    _settled(page)
    page.get_by_label("Seed (0 = random)").fill("5")
    page.get_by_label("Seed (0 = random)").press("Enter")
    _settled(page)
    page.get_by_role("button", name="Start the mock").click()
    _settled(page)
    expect(page.get_by_text("Round 1 of 4: Backend concepts")).to_be_visible()
    page.get_by_role("textbox").first.fill("Continuous batching and paged KV cache; stream tokens over SSE.")
    page.get_by_text("Round 1 of 4").click()  # leave the text area so it sends its value
    _settled(page)
    mock_url = page.url
    assert "mock=" in mock_url
    page.screenshot(path=str(SHOTS / "15-mock-round1.png"), full_page=True)

    # Close the page mid-round and come back through the URL.
    page.goto(f"{url}/")
    _settled(page)
    page.goto(mock_url)
    _settled(page)
    expect(page.get_by_text("Round 1 of 4: Backend concepts")).to_be_visible()
    expect(page.get_by_role("textbox").first).to_have_value("Continuous batching and paged KV cache; stream tokens over SSE.")
    page.screenshot(path=str(SHOTS / "16-mock-resumed.png"), full_page=True)
    page.get_by_role("button", name="Finish this round").click()
    _settled(page)
    expect(page.get_by_text("Round 2 of 4: Coding")).to_be_visible()
    # Let the coding round run out (25 minutes x 0.01 = 15 s): it locks and the design round begins.
    expect(page.get_by_text("Round 3 of 4: System design")).to_be_visible(timeout=45_000)
    _settled(page)
    page.screenshot(path=str(SHOTS / "17-mock-after-timeout.png"), full_page=True)
    page.get_by_role("textbox", name="Your design").fill("Continuous batching with a paged KV cache, "
                                                          "prefix caching and autoscaling on queue depth.")
    page.get_by_text("Round 3 of 4").click()
    _settled(page)
    page.get_by_role("button", name="Finish this round").click()
    _settled(page)
    expect(page.get_by_text("Round 4 of 4: Behavioral")).to_be_visible()
    page.get_by_text("Result with a number").first.click()
    _settled(page)
    page.get_by_role("button", name="Finish this round").click()
    _settled(page)
    expect(page.get_by_text("Signal:")).to_be_visible()
    page.screenshot(path=str(SHOTS / "18-mock-report.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export the report (Markdown)").click()
    text = Path(download.value.path()).read_text()
    assert text.startswith("# Mock interview: Backend + AI Engineer") and "Seed: 5" in text and "(timed out)" in text


def test_progress_after_a_scripted_month(tmp_path_factory, page):
    """The dashboard with real data: a month of drills, katas and design answers, scripted beforehand."""
    from app.catalog import load_catalog
    from progress.scheduling import Drills
    from progress.store import Store
    from tests.test_dashboard import scripted_month

    home = tmp_path_factory.mktemp("month-home")
    scripted_month(Drills(Store(home / "mastery.db"), enable_fuzzing=False), load_catalog())
    proc, url = start_app(home, tmp_path_factory.mktemp("month-logs"))
    try:
        page.goto(f"{url}/progress")
        _settled(page)
        expect(page.get_by_text("Are the predictions right?")).to_be_visible()
        expect(page.get_by_text("log loss")).to_be_visible()
        page.get_by_text("Phase 5: Backend for AI").click()
        _settled(page)
        page.screenshot(path=str(SHOTS / "19-progress-scripted-month.png"), full_page=True)
        page.get_by_text("Are the predictions right?").scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / "20-progress-charts.png"))
    finally:
        stop_app(proc)


def test_settings_page(server, page):
    url, _ = server
    page.goto(f"{url}/settings")
    _settled(page)
    expect(page.get_by_text("No judge configured")).to_be_visible()
    page.screenshot(path=str(SHOTS / "11-settings.png"), full_page=True)


# The code editor's stylesheet asks for a web font; blocked, it falls back to a local monospace font.
ALLOWED_BLOCKED = ("https://fonts.googleapis.com/css2?family=Source+Code+Pro",)


def test_no_request_tried_to_leave_the_machine(page):
    # Runs after the page tests: nothing but that known font request may even try to leave the machine.
    assert [u for u in page.blocked if not u.startswith(ALLOWED_BLOCKED)] == []
