"""The real app in Debian's Chromium: start `mastery app`, click through every page, no exceptions.

Screenshots go to artifacts/screenshots/ (git-ignored) so a person can look at them.
"""

from __future__ import annotations

import os
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


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("browser-home")
    port = _free_port()
    log = (tmp_path_factory.mktemp("logs") / "server.log").open("w+")
    env = {**os.environ, "MASTERY_HOME": str(home)}
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
    yield url, home
    os.killpg(proc.pid, 15)
    proc.wait(timeout=20)


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


def test_no_request_tried_to_leave_the_machine(page):
    # Runs after the page tests: the app must not even try to fetch fonts, icons or telemetry.
    assert page.blocked == []
