"""First paint of `mastery app` against `streamlit hello`, measured in one run on the same machine.

First paint = from launching the server process to the page's first script run having finished in
headless Chromium (the app's main heading visible, script state notRunning, no skeleton): what a user
waits for after typing the command and opening the tab. Runs alternate between the two apps, each with
a fresh MASTERY_HOME and PYTHONDONTWRITEBYTECODE=1 (as in environments that never write .pyc files, so
only what is byte-compiled at install helps). Prints the medians and the ratio; the target is <= 1.3x.

    .venv/bin/python benchmarks/first_paint.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ROOT = Path(__file__).resolve().parents[1]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _command(which: str, port: int) -> list[str]:
    common = ["--server.headless", "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    if which == "mastery":
        return [str(Path(sys.executable).with_name("mastery")), "app", "--headless", "--port", str(port)]
    return [sys.executable, "-m", "streamlit", "hello", *common, "--server.address", "127.0.0.1"]


def first_paint(browser, which: str, content: list[float] | None = None) -> float:
    port = _port()
    home = tempfile.mkdtemp(prefix="fp-home-")
    env = {**os.environ, "MASTERY_HOME": home, "PYTHONDONTWRITEBYTECODE": "1"}
    page = browser.new_page()
    t0 = time.perf_counter()
    proc = subprocess.Popen(_command(which, port), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        while True:  # the server is up when its health check answers
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.02)
            if time.perf_counter() - t0 > 60:
                raise RuntimeError(f"{which} did not start")
        page.goto(url)
        heading = "Mastery" if which == "mastery" else "Welcome to Streamlit"
        page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
        page.wait_for_function("document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0")
        painted = time.perf_counter() - t0
        if content is not None and which == "mastery":
            # The content-dependent part (due count, curriculum) arrives when the warm-up has loaded it.
            page.get_by_text("Due now").first.wait_for(timeout=60_000)
            content.append(time.perf_counter() - t0)
        return painted
    finally:
        page.close()
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {"mastery": [], "hello": []}
    content: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        first_paint(browser, "hello")  # warm the OS file cache once, uncounted
        for _ in range(args.runs):
            for which in ("hello", "mastery"):
                times[which].append(first_paint(browser, which, content))
        browser.close()
    med = {k: statistics.median(v) for k, v in times.items()}
    for k, v in times.items():
        print(f"{k:8s} median {med[k]:.2f} s  runs " + " ".join(f"{x:.2f}" for x in v))
    print(f"ratio mastery / streamlit hello: {med['mastery'] / med['hello']:.2f}x (target <= 1.30x)")
    print(f"mastery home with its content (due count): median {statistics.median(content):.2f} s, "
          f"{statistics.median(content) / med['hello']:.2f}x hello")


if __name__ == "__main__":
    main()
