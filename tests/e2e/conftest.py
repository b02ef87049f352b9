"""Shared by the browser tests (test_browser.py, test_browser_issue18.py): the Chromium check, `mastery app`
on a free loopback port, the module-scoped `server` and `page` fixtures (one app and one browser per test
file, per xdist worker) and the helpers that wait for a rerun to settle and fill the code editor.

Under `pytest -n N --dist loadgroup` (make test) the browser tests run as three units of tests, each on one
worker with its own app, database and browser (see tests/conftest.py); within a unit the tests keep their file
order (later tests in test_browser.py build on earlier ones' state).
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

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must have Debian's chromium installed (.ci/run installs it)")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

expect.set_options(timeout=15_000)  # 2 shared cores under load: a rerun can take several seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(home: Path, log_dir: Path, warm_grader: bool = False):
    """Start `mastery app` headless on a free loopback port; returns (process, url). Only with `warm_grader`
    does the app warm its grader once idle (a NumPy and a PyTorch worker and their reference pools, seconds
    of CPU for the torch imports): only test_clicks_settle_quickly_and_the_first_pytorch_grade_is_warm needs it."""
    port = _free_port()
    log = (log_dir / "server.log").open("w+")
    # Time budgets x 0.01: a 10-minute kata runs out in 6 seconds, so the timer can be watched to zero.
    env = {**os.environ, "MASTERY_HOME": str(home), "MASTERY_TIME_SCALE": "0.01",
           "MASTERY_WARM_GRADER": "1" if warm_grader else "0"}
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


SERVER_LOGS: dict[str, Path] = {}  # url -> the app's log, for tests that wait for a line in it
SERVER_PIDS: dict[str, int] = {}


def libraries_loaded_by_the_app(url: str) -> str:
    """The app process's memory map: which shared libraries (libtorch...) it has loaded."""
    return Path(f"/proc/{SERVER_PIDS[url]}/maps").read_text()


def files_open_in_the_app(url: str) -> int:
    """How many descriptors the app process at `url` holds open."""
    return len(list(Path(f"/proc/{SERVER_PIDS[url]}/fd").iterdir()))


def wait_for_log_line(page, url: str, text: str, timeout: float = 90) -> float:
    """Seconds waited until `text` is in the log of the app at `url`. Waits through the page, not time.sleep:
    Playwright delivers the page's events (the request listener that records blocked requests) only while it
    runs."""
    started = time.monotonic()
    while text not in SERVER_LOGS[url].read_text(errors="replace"):
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{text!r} not in the app's log after {timeout} s:\n{SERVER_LOGS[url].read_text()}")
        page.wait_for_timeout(200)
    return time.monotonic() - started


_STARTING = {"test": ""}  # the test whose setup is running


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _STARTING["test"] = item.name  # before the item's fixtures are set up


@pytest.fixture(scope="module")
def server(tmp_path_factory, request):
    home = tmp_path_factory.mktemp("browser-home")
    # The app of test_browser.py's page tests warms its grader as a real one does (the click-timing test needs
    # that). Under make test its clock tests are another unit on another worker (tests/conftest.py), whose app
    # needs no warm-up (eight sandbox processes, four of them importing torch); neither does
    # test_browser_issue18.py's.
    from tests.conftest import BROWSER_CLOCK_TESTS

    first_test = _STARTING["test"].split("[")[0]  # the test this module-scoped fixture is set up for
    warm = Path(request.module.__file__).name == "test_browser.py" and first_test not in BROWSER_CLOCK_TESTS
    logs = tmp_path_factory.mktemp("logs")
    proc, url = start_app(home, logs, warm_grader=warm)
    SERVER_LOGS[url] = logs / "server.log"
    SERVER_PIDS[url] = proc.pid  # `mastery app` execs Streamlit: this is the server's own process
    yield url, home
    stop_app(proc)


def is_loopback(url: str) -> bool:
    return (urlparse(url).hostname or "") in ("127.0.0.1", "localhost", "::1") or url.startswith(("data:", "blob:"))


@pytest.fixture(scope="module")
def page(server, request):
    """One Chromium per test module. Requests that would leave the machine are blocked by a proxy that refuses
    every connection: a socket bound on loopback that never listens. Loopback addresses bypass it. Blocking by
    `context.route` would do the same but it turns Chromium's HTTP cache off and sends every request through
    Python: each navigation then re-fetched and re-compiled Streamlit's bundle (measured: 8 navigations cost
    7.1-7.8 s of Chromium CPU with the route, 2.9 s with the proxy)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with socket.socket() as refusing, sync_playwright() as p:
        refusing.bind(("127.0.0.1", 0))
        proxy = {"server": f"http://127.0.0.1:{refusing.getsockname()[1]}", "bypass": "127.0.0.1,localhost,[::1]"}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, proxy=proxy)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        blocked: list[str] = []  # every request that tried to leave the machine (each failed at the proxy)
        context.on("request", lambda req: None if is_loopback(req.url) else blocked.append(req.url))
        pg = context.new_page()
        pg.blocked = blocked
        yield pg
        browser.close()
    # test_no_request_tried_to_leave_the_machine checks its own worker's page; the same check for every page
    # of a module that declares what may be blocked, wherever its tests ran.
    allowed = getattr(request.module, "ALLOWED_BLOCKED", None)
    if allowed is not None:
        assert [u for u in blocked if not u.startswith(allowed)] == []


def _settled(page: Page) -> None:
    # A click starts a rerun a moment later; without this pause the previous run's idle state can pass.
    page.wait_for_timeout(400)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0, timeout=30_000)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def _set_editor(page: Page, code: str) -> None:
    """Replace the Ace editor's text, as pasting would, then leave the editor so it reports the text."""
    frame = page.frame_locator("iframe[title='code_editor.code_editor']")
    frame.locator(".ace_editor").wait_for(timeout=30_000)
    frame.locator("body").evaluate(
        "(body, code) => { const ed = body.querySelector('.ace_editor').env.editor; "
        "ed.setValue(code, 1); ed.focus(); }",
        code)
