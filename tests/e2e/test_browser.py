"""The real app in Debian's Chromium: start `mastery app`, click through every page, no exceptions.

Screenshots go to artifacts/screenshots/ (git-ignored) so a person can look at them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    ROOT,
    SHOTS,
    _set_editor,
    _settled,
    files_open_in_the_app,
    libraries_loaded_by_the_app,
    start_app,
    stop_app,
    wait_for_log_line,
)

pytestmark = pytest.mark.browser


def test_home_page(server, page):
    url, _ = server
    page.goto(url)
    _settled(page)
    expect(page.get_by_role("heading", name="Mastery")).to_be_visible()
    # The first run draws the static part; the due count and content counts follow once loaded.
    expect(page.get_by_text("Due now")).to_be_visible(timeout=60_000)
    _settled(page)
    expect(page.locator("[data-testid='stMetric']")).to_have_count(5)
    expect(page.get_by_text("Start here: today's drills")).to_be_visible()
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

    # A typed answer is checked; a good suggestion says what the offline check cannot know.
    typed = page.get_by_role("textbox", name=re.compile("Your answer"))
    typed.fill(
        "Each token keeps keys and values: 2 x 32 layers x 8 KV heads x 128 x 2 bytes = 128 KiB in bf16, so an "
        "8K-token request needs 1 GiB. Subtract the 16 GB of weights and the runtime overhead before dividing: "
        "about 52 GB is left, so about 48 full 8K requests fit, and more at realistic lengths with paging.")
    typed.press("Control+Enter")  # Streamlit takes a text area's value on Ctrl+Enter or blur
    _settled(page)
    page.get_by_role("button", name="Check my answer").click()
    _settled(page)
    expect(page.get_by_text(re.compile("Offline score"))).to_be_visible()
    limit = page.get_by_text(re.compile("cannot tell a different wrong statement"))
    expect(limit).to_be_visible()
    limit.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "03a-question-checked.png"), full_page=True)

    # The same answer with a long paragraph from another field: the check cannot vouch for it, and the page
    # says so (held at Partly, or capped at Not yet if it covers less than the reference does).
    from evaluators.scoring import analyse_question_answer
    from question_bank.loader import load_bank

    qid = re.search(r"[?&]q=([\w-]+)", page.url).group(1)
    padded = typed.input_value() + "\n\n" + (
        "Card fraud scoring runs on every authorisation: merchant category, device fingerprint, velocity of "
        "purchases across cards and the cardholder's usual geography feed a gradient-boosted model, and "
        "chargebacks arrive weeks later as labels, so training waits for the dispute window to close. "
        "Declines cost margin and customers while missed fraud costs the amount plus fees, so the threshold "
        "is set on expected cost per merchant segment, and analysts review the grey band every morning.")
    expected = analyse_question_answer(load_bank().by_id()[qid], padded)
    assert expected.limits or expected.caps, "the padding should be outside the question's material"
    typed.fill(padded)
    typed.press("Control+Enter")
    _settled(page)
    page.get_by_role("button", name="Check my answer").click()
    _settled(page)
    note = page.get_by_text(re.compile("^(Held at 'Partly'|Capped at 'Not yet')"))
    expect(note).to_be_visible()
    assert note.inner_text().startswith("Held at 'Partly'" if not expected.caps else "Capped at 'Not yet'")
    note.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "03b-question-padded.png"), full_page=True)
    # A reload mid-answer: the same question, and no score or note left for text no longer in the box.
    page.reload()
    _settled(page)
    expect(page).to_have_url(re.compile(rf"[?&]q={qid}\b"))
    expect(typed).to_have_value("")
    expect(page.get_by_text(re.compile("Offline score"))).to_have_count(0)
    expect(note).to_have_count(0)

    page.get_by_role("button", name="Reveal answer").click()
    _settled(page)
    expect(page.get_by_text("Reference answer")).to_be_visible()
    # The common wrong claims, each with what is true, open under the key points.
    page.get_by_text(re.compile(r"Common wrong claims \(\d+\)")).click()
    _settled(page)
    expect(page.get_by_text(re.compile("^Wrong:")).first).to_be_visible()
    page.screenshot(path=str(SHOTS / "03-question-revealed.png"), full_page=True)

    page.get_by_role("button", name="I knew it").click()
    _settled(page)
    expect(page.get_by_text("Saved your rating: I knew it.")).to_be_visible()
    page.screenshot(path=str(SHOTS / "04-question-rated.png"), full_page=True)

    import sqlite3

    rows = sqlite3.connect(home / "mastery.db").execute("SELECT item_type, result FROM attempts").fetchall()
    assert rows == [("question", "knew")]

    # A long session: every rerun runs in a new thread, whose database connection stayed open (two more open
    # files per click until the process hit its limit). Twenty more questions leave the count where it was.
    page.get_by_role("button", name="Next question").click()
    _settled(page)
    before = files_open_in_the_app(url)
    for _ in range(20):
        page.get_by_role("button", name="Next question").click()
        _settled(page)
    assert files_open_in_the_app(url) <= before + 4


EDITOR = "iframe[title='code_editor.code_editor']"


def _type_answer(page: Page, text: str, n: int = 0, leave: bool = False) -> None:
    """Type into the n-th answer editor with the keyboard, as a person would (no blur unless `leave`)."""
    frame = page.frame_locator(EDITOR).nth(n)
    frame.locator(".ace_editor").wait_for(timeout=30_000)
    frame.locator(".ace_content").click()
    # On a loaded machine the click can land before Ace takes focus: focus it and check before typing.
    frame.locator("body").evaluate("body => body.querySelector('.ace_editor').env.editor.focus()")
    frame.locator("body").wait_for(timeout=5_000)
    page.wait_for_timeout(200)
    page.keyboard.type(text)
    assert _editor_value(page, n).endswith(text), "the keystrokes did not reach the editor"
    if leave:
        page.get_by_role("heading").first.click()


def _editor_value(page: Page, n: int = 0) -> str:
    frame = page.frame_locator(EDITOR).nth(n)
    frame.locator(".ace_editor:not(.ace_autocomplete)").wait_for(timeout=30_000)
    return frame.locator("body").evaluate("body => body.querySelector('.ace_editor').env.editor.getValue()")


def _open_kata(page: Page, url: str, kata_id: str, start_label: str) -> None:
    page.goto(f"{url}/katas?kata={kata_id}")
    _settled(page)
    restart = page.get_by_role("button", name="Restart this kata")
    if restart.count():  # attempts are stored: an earlier test's attempt at this kata is still open
        restart.click()
        _settled(page)
    page.get_by_role("button", name=start_label).click()
    _settled(page)


# -- timings: from a click until the page has settled, read from the page's own clock ----------------------
# Settled: the server has answered, the app says it is not running, and for QUIET_MS neither a message came
# from the server nor did the page change; the time reported is that of the last message or page change
# (a rerun the click caused through st.rerun, and the drawing of the last delta, are both inside it).
TIMINGS: dict[str, list[float]] = {}
QUIET_MS = 500
# Installed before a page loads (the app's socket is opened then): the time of every server message.
WS_HOOK = """(() => {
  const Orig = window.WebSocket;
  window.__wsIn = [];
  window.WebSocket = function (...args) {
    const ws = new Orig(...args);
    ws.addEventListener('message', () => window.__wsIn.push(performance.now()));
    return ws;
  };
  window.WebSocket.prototype = Orig.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})()"""
WATCH = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (window.__watch) return;
  const w = window.__watch = {states: [], changes: []};
  new MutationObserver(() => w.states.push([performance.now(), app.getAttribute('data-test-script-state')]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  // A data grid (st.dataframe) redraws its canvas at once and refreshes the hidden table it keeps for screen
  // readers ~200 ms later: that table is not something the user waits for, so its changes are not counted.
  const hidden = m => { const t = m.target.nodeType === 1 ? m.target : m.target.parentElement;
                        return t && t.closest("[data-testid='data-grid-canvas']"); };
  new MutationObserver(ms => { if (ms.some(m => !hidden(m))) w.changes.push(performance.now()); })
    .observe(app, {subtree: true, childList: true, characterData: true, attributes: true});
}"""
SETTLED = """([t0, quiet]) => {
  const w = window.__watch, now = performance.now();
  const messages = window.__wsIn.filter(t => t >= t0);
  if (!messages.length) return false;  // the server has not answered the click yet
  const app = document.querySelector("[data-testid='stApp']");
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const states = w.states.filter(s => s[0] >= t0).map(s => s[0]);
  const last = Math.max(...messages, ...w.changes.filter(t => t >= t0), ...states);
  return now - last >= quiet ? last - t0 : false;
}"""
QUIET_NOW = """quiet => {
  const last = Math.max(0, ...window.__wsIn, ...window.__watch.changes);
  return performance.now() - last >= quiet;
}"""


def _watch_timings(page: Page) -> None:
    """Call before the page is loaded: records the server's messages for _timed_click."""
    if not getattr(page, "_ws_hooked", False):
        page.context.add_init_script(WS_HOOK)
        page._ws_hooked = True


def _timed_click(page: Page, locator, name: str, until=None) -> float:
    """Click and return the milliseconds until the page has settled (or until `until` is visible).

    Without `until` the page must be quiet before the click: on a page with a ticking clock every tick is a
    message and a change, so pass `until` (what the click brings on screen) there."""
    page.evaluate(WATCH)
    if until is None:
        assert page.evaluate("Array.isArray(window.__wsIn)"), "_watch_timings(page) must run before the page loads"
        page.wait_for_function(QUIET_NOW, arg=QUIET_MS, timeout=10_000, polling=50)
    t0 = page.evaluate("performance.now()")
    locator.click()
    if until is not None:
        until.wait_for(timeout=60_000)
        ms = page.evaluate("performance.now()") - t0
    else:
        ms = page.wait_for_function(SETTLED, arg=[t0, QUIET_MS], timeout=60_000, polling=50).json_value()
    TIMINGS.setdefault(name, []).append(round(ms))
    _settled(page)
    return ms


def _percentile(values: list[float], q: float) -> float:
    """Nearest rank on the sorted values (with few clicks, p95 is the slowest)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


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
    # The reference is drawn when its expander is opened (a rerun), not with every grade.
    reference = page.get_by_test_id("stExpander").filter(has_text="Reference solution")
    expect(reference.get_by_text("def softmax")).to_have_count(0)
    reference.get_by_text("Reference solution").click()
    expect(reference.get_by_text("def softmax")).to_be_visible(timeout=15_000)


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
    _set_editor(page, "Clarify the goal: long-term value, not raw clicks. Retrieval from friends, groups and pages, "
                      "then a light ranker and a heavy multitask ranker predicting like, comment, share and hide, "
                      "combined into a value score. We evaluate offline with AUC on a time-based split and online "
                      "with A/B tests on sessions and retention, and we monitor calibration and feature freshness. "
                      "There is no need to calibrate the predicted probabilities, because the ranker only orders "
                      "the posts.")
    page.wait_for_timeout(1500)  # the answer box reports what was typed about a second after typing stops
    _settled(page)
    page.screenshot(path=str(SHOTS / "09-design-answering.png"), full_page=True)
    modeling = page.locator("[data-testid='stExpander']", has_text="Modeling and ranking stages · weight 20")
    modeling.get_by_text("Modeling and ranking stages · weight 20").click()
    modeling.locator("label").filter(has_text="3 · solid").click()
    _settled(page)
    page.get_by_role("button", name="Submit answer and self-review").click()
    _settled(page)
    expect(page.get_by_text("Submitted. Self-review score")).to_be_visible()
    expect(page.get_by_text("Offline scorer").first).to_be_visible()
    expect(page.get_by_text("Your answers to this case")).to_be_visible()
    # The false claim (calibration called unnecessary) is shown with the key point it denies (issue 13).
    expect(page.get_by_text("False claims: 1. Each costs")).to_be_visible()
    expect(page.get_by_text("There is no need to calibrate the predicted probabilities").first).to_be_visible()
    expect(page.get_by_text("weighted sum of the calibrated").first).to_be_visible()
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

    # A typed answer making a catalogued false claim says why it suggests Not yet; a reload mid-answer leaves
    # neither the text nor a note for text no longer there, and typing again brings the note back.
    from question_bank.loader import load_bank

    typed = page.get_by_role("textbox", name="Your answer (optional)")
    expect(typed).to_be_visible()  # the first card of a fresh home is a question
    prompt = page.locator("h3").first.inner_text().strip()
    q = next(x for x in load_bank().questions if x.prompt.strip() == prompt)
    wrong = q.answer + "\n\n" + q.misconceptions[0].phrasings[0]
    note = page.get_by_text("The check suggests Not yet: asserts a known false claim.")
    typed.fill(wrong)
    typed.press("Control+Enter")
    _settled(page)
    expect(note).to_be_visible()
    page.reload()
    _settled(page)
    expect(typed).to_have_value("")
    expect(note).to_have_count(0)
    typed.fill(wrong)
    typed.press("Control+Enter")
    _settled(page)
    expect(note).to_be_visible()
    again = page.get_by_role("button", name=re.compile("^Again"))
    expect(again).to_have_attribute("data-testid", "stBaseButton-primary")  # the suggested rating

    for label in ("Again", "Hard", "Good", "Easy"):
        page.get_by_role("button", name=re.compile(f"^{label}")).click()
        _settled(page)
        expect(page.get_by_text(f"{label} recorded for")).to_be_visible()
    page.screenshot(path=str(SHOTS / "13-drill-rated.png"), full_page=True)
    import sqlite3

    db = sqlite3.connect(home / "mastery.db")
    # Kata grades and question ratings elsewhere feed the same queue: look at this test's four ratings.
    ratings = [r[0] for r in db.execute("SELECT rating FROM review_log WHERE item_type = 'question' ORDER BY id")]
    assert ratings[-4:] == [1, 2, 3, 4]
    assert db.execute("SELECT COUNT(*) FROM review_state WHERE item_type = 'question'").fetchone()[0] >= 4


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
    page.get_by_text("practice", exact=True).click()  # practice mode can pause: the away step cannot time out
    _settled(page)
    page.get_by_role("button", name="Start the mock").click()
    _settled(page)
    expect(page.get_by_text("Round 1 of 4: Backend concepts")).to_be_visible()
    page.get_by_role("button", name="Pause").click()
    _settled(page)
    _type_answer(page, "Continuous batching and paged KV cache; stream tokens over SSE.")
    page.wait_for_timeout(1500)  # reported while typing: no need to leave the box
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
    assert _editor_value(page) == "Continuous batching and paged KV cache; stream tokens over SSE."
    page.screenshot(path=str(SHOTS / "16-mock-resumed.png"), full_page=True)
    page.get_by_role("button", name="Resume the clock").click()
    _settled(page)
    page.get_by_role("button", name="Finish this round").click()
    _settled(page)
    expect(page.get_by_text("Round 2 of 4: Coding")).to_be_visible()
    # Let the coding round run out (25 minutes x 0.01 = 15 s): it locks and the design round begins.
    expect(page.get_by_text("Round 3 of 4: System design")).to_be_visible(timeout=45_000)
    _settled(page)
    page.screenshot(path=str(SHOTS / "17-mock-after-timeout.png"), full_page=True)
    page.get_by_role("button", name="Pause").click()  # practice mode: typing on a loaded machine may be slow
    _settled(page)
    _type_answer(page, "Continuous batching with a paged KV cache, prefix caching and autoscaling on queue depth.")
    page.wait_for_timeout(1500)
    _settled(page)
    page.get_by_role("button", name="Finish this round").click()
    _settled(page)
    expect(page.get_by_text("Round 4 of 4: Behavioral")).to_be_visible()
    page.get_by_role("button", name="Pause").click()
    _settled(page)
    _type_answer(page, "Situation: p99 latency doubled. I profiled the batcher and cut it by 40 percent.")
    # As in rounds 1 and 3, the box reports its text (800 ms after typing stops) before the next click. Without
    # this wait, that report's rerun can coincide with the Finish click below. Once, in a suite run on 4 workers,
    # the click was not carried out (the page stayed on round 4); 55 replays of this round under load did not
    # reproduce it, and the cause is not known.
    page.wait_for_timeout(1500)
    _settled(page)
    page.get_by_text("Result with a number").first.click()
    _settled(page)
    page.get_by_role("button", name="Finish this round").click()
    _settled(page)
    try:
        expect(page.get_by_text("Signal:")).to_be_visible(timeout=30_000)
    except AssertionError as missing:  # seen under load: keep what the page showed, and what the store holds
        page.screenshot(path=str(SHOTS / "18-mock-report-MISSING.png"), full_page=True)
        from progress import mock_interview as mock
        from progress.store import Store

        stored = mock.load(Store(home / "mastery.db"), mock_url.split("mock=")[1].split("&")[0])
        state = (f"stored session: status {stored.status}, current round {stored.current + 1}, round 4 answers "
                 f"{stored.rounds[3].answers!r}" if stored else "stored session: not found")
        raise AssertionError(f"no report after the last round; {state}; the page shows:\n"
                             + page.inner_text("body")[:4000]) from missing
    expect(page.get_by_text("Your answers and the references")).to_be_visible()
    for expander in page.locator("[data-testid='stExpander'] summary").all()[:2]:
        expander.click()  # open the first two answers: the user's text and the reference side by side
    _settled(page)
    page.screenshot(path=str(SHOTS / "18-mock-report.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export the report (Markdown)").click()
    text = Path(download.value.path()).read_text()
    assert text.startswith("# Mock interview: Backend + AI Engineer") and "Seed: 5" in text and "(timed out)" in text
    assert "Continuous batching and paged KV cache" in text and "**Reference**" in text  # issue 16, defect 9


# -- issue 16 replays in the browser -------------------------------------------------------------------------
def test_defect_01_after_a_pass_run_submit_edit_submit_stays_on_the_kata(server, page):
    url, home = server
    kata = "cross_entropy"
    _watch_timings(page)
    _open_kata(page, url, kata, "Practice untimed")
    solution = (ROOT / f"coding_katas/katas/{kata}/solution.py").read_text()
    _set_editor(page, solution)
    _timed_click(page, page.get_by_role("button", name="Submit"), "numpy grade (pass)",
                 until=page.get_by_text("All tests passed"))
    from coding_katas.loader import load_katas
    from coding_katas.scenarios import load_scenarios

    samples = sum(s.visibility == "sample" for s in load_scenarios(load_katas().by_id()[kata].folder))
    _timed_click(page, page.get_by_role("button", name="Run samples"), "numpy run samples",
                 until=page.get_by_text(f"All tests passed: {samples}/{samples} tests passed"))
    _timed_click(page, page.get_by_role("button", name="Submit"), "numpy grade (pass)",
                 until=page.get_by_text("All tests passed"))
    _set_editor(page, solution + "\n# tidied after the pass\n")
    _timed_click(page, page.get_by_role("button", name="Submit"), "numpy grade (pass)",
                 until=page.get_by_text("All tests passed"))
    assert f"kata={kata}" in page.url
    assert _kata_attempts(home, kata) == ["pass", "samples_pass", "pass", "pass"]
    import sqlite3

    code = sqlite3.connect(home / "mastery.db").execute(
        "SELECT json_extract(details, '$.code') FROM attempts WHERE item_id = ? ORDER BY id DESC",
        (kata,)).fetchone()[0]
    assert code.endswith("# tidied after the pass\n")
    page.screenshot(path=str(SHOTS / "21-kata-resubmitted.png"), full_page=True)


def test_defect_16_editor_keeps_enter_and_opens_at_the_first_column(server, page):
    url, _ = server
    _open_kata(page, url, "layer_norm", "Practice untimed")
    frame = page.frame_locator(EDITOR).first
    frame.locator(".ace_editor").wait_for(timeout=30_000)
    scroll_left = frame.locator("body").evaluate(
        "body => body.querySelector('.ace_editor').env.editor.renderer.getScrollLeft()")
    assert scroll_left == 0
    frame.locator("body").evaluate("body => { const ed = body.querySelector('.ace_editor').env.editor; "
                                   "ed.navigateFileEnd(); ed.focus(); }")
    page.keyboard.type("\nx = floa", delay=20)
    page.wait_for_timeout(300)  # long enough for a live-autocomplete popup to open, if there were one
    page.keyboard.press("Enter")
    page.keyboard.type("t(1)", delay=20)
    assert _editor_value(page).endswith("\nx = floa\nt(1)")
    page.screenshot(path=str(SHOTS / "22-editor-typing.png"))
    # Opened again on code whose last line is wider than the editor: the starter ends with an empty line, so
    # a cursor sent to the end of the file stayed in column 0 and the check above passed either way.
    tail = "# " + "a trailing comment wider than the editor " * 8
    _set_editor(page, _editor_value(page) + "\n" + tail)  # no newline at the end
    page.get_by_role("button", name="Run samples").click()  # leaves the editor: the text is stored
    _settled(page)
    page.goto(f"{url}/katas?kata=layer_norm")  # the editor is drawn again from the stored code
    _settled(page)
    assert _editor_value(page).endswith(tail)
    page.locator(EDITOR).first.scroll_into_view_if_needed()  # Chromium does not draw an iframe out of view
    page.wait_for_timeout(800)
    # navigateToFileEnd puts the cursor at the end of that last line (row 12, column 330 here); headless
    # Chromium does not scroll the view there until a key is pressed, so the cursor is what is checked.
    opened = frame.locator("body").evaluate(
        "body => { const ed = body.querySelector('.ace_editor').env.editor; "
        "return [ed.getCursorPosition().row, ed.getCursorPosition().column, ed.renderer.getScrollLeft()]; }")
    assert opened == [0, 0, 0]


def test_defect_05_design_draft_clock_and_questions_survive_a_reload(server, page):
    url, home = server
    page.goto(f"{url}/design?case=openai-chat-serving")
    _settled(page)
    page.get_by_role("button", name=re.compile(r"^Start \(")).click()
    _settled(page)
    page.get_by_role("button", name="Ask: ").first.click()
    _settled(page)
    typed = ("Serve the chat model with continuous batching and a paged KV cache; route by prefix to reuse "
             "cached prompts; autoscale replicas on queue depth and tokens per second, not on CPU; stream tokens "
             "over SSE to the client.")
    assert len(typed) >= 200
    _type_answer(page, typed)  # typed, never left the box
    page.wait_for_timeout(1500)
    left_before = page.locator("[data-testid='stMetricValue']").first.inner_text()
    page.reload()
    _settled(page)
    assert _editor_value(page) == typed
    expect(page.get_by_text("Asked 1 of")).to_be_visible()
    left_after = page.locator("[data-testid='stMetricValue']").first.inner_text()
    to_s = lambda v: int(v.split(":")[0]) * 60 + int(v.split(":")[1])  # noqa: E731
    assert to_s(left_after) <= to_s(left_before)  # the clock went on; it did not restart at the full budget
    page.screenshot(path=str(SHOTS / "23-design-draft-after-reload.png"), full_page=True)


def test_defect_04_text_typed_when_the_round_runs_out_is_kept(server, page):
    url, home = server
    page.goto(f"{url}/mock")
    _settled(page)
    new = page.get_by_role("button", name="New mock")
    if new.count():
        new.click()
        _settled(page)
    page.get_by_role("button", name="Start the mock").click()
    _settled(page)
    expect(page.get_by_text("Round 1 of 4: Backend concepts")).to_be_visible()
    _type_answer(page, "Typed until the clock ran out, never left the box.")
    # 15 minutes x 0.01 = 9 s: the round locks by itself and the next one begins.
    expect(page.get_by_text("Round 2 of 4: Coding")).to_be_visible(timeout=45_000)
    expect(page.get_by_text("ran out of time")).to_be_visible()
    import json
    import sqlite3

    state = json.loads(sqlite3.connect(home / "mastery.db").execute(
        "SELECT state FROM mock_sessions ORDER BY started_at DESC LIMIT 1").fetchone()[0])
    first = state["rounds"][0]
    assert first["timed_out"]
    assert first["answers"][first["items"][0]] == "Typed until the clock ran out, never left the box."
    page.screenshot(path=str(SHOTS / "24-mock-round-timed-out.png"), full_page=True)


def test_clicks_settle_quickly_and_the_first_pytorch_grade_is_warm(server, page):
    """Issue 16 speed: p95 of ordinary clicks, and a PyTorch grade after the idle warm-up.

    A user who has just opened the app competes with the grader's warm-up (two processes importing torch on
    a 2-core machine): those clicks are reported apart ("during warm-up"). The test then waits for the
    warm-up's line in the app's log, as a user writing their first kata would, and times 8 next/reveal pairs
    and up to 5 drill ratings (p95 over ~20 clicks is the second slowest), then the first PyTorch grade."""
    url, _ = server
    _watch_timings(page)
    page.goto(f"{url}/questions")
    _settled(page)
    for _ in range(3):
        _timed_click(page, page.get_by_role("button", name="Next question"), "during warm-up: next question")
    waited = wait_for_log_line(page, url, "mastery: grader warm in")
    for _ in range(8):
        _timed_click(page, page.get_by_role("button", name="Next question"), "click: next question")
        _timed_click(page, page.get_by_role("button", name="Reveal answer"), "click: reveal")
    page.goto(f"{url}/drills")
    _settled(page)
    for label in ("Good", "Hard", "Good", "Easy", "Good"):
        button = page.get_by_role("button", name=re.compile(f"^{label}"))
        if not button.count():  # the queue ran out
            break
        _timed_click(page, button, "click: drill rating")
    kata = "torch_causal_attention"
    _open_kata(page, url, kata, "Practice untimed")
    _set_editor(page, (ROOT / f"coding_katas/katas/{kata}/solution.py").read_text())
    ms = _timed_click(page, page.get_by_role("button", name="Submit"), "first pytorch grade",
                      until=page.get_by_text("All tests passed"))
    # NumPy grades (target 500 ms): the kata is opened, read for a moment (the page prepares its reference values
    # and tests meanwhile), then submitted twice.
    numpy_ms = []
    for kata in ("kmeans", "decision_tree"):
        _open_kata(page, url, kata, "Practice untimed")
        _set_editor(page, (ROOT / f"coding_katas/katas/{kata}/solution.py").read_text())
        page.wait_for_timeout(1500)
        for attempt in ("first", "second"):
            numpy_ms.append(_timed_click(page, page.get_by_role("button", name="Submit"), f"numpy grade: {attempt}"))
            expect(page.get_by_text("All tests passed")).to_be_visible()
    clicks = [v for k, vs in TIMINGS.items() if k.startswith("click") for v in vs]
    per_kind = {k: {"p50": _percentile(vs, 0.5), "p95": _percentile(vs, 0.95)}
                for k, vs in TIMINGS.items() if k.startswith(("click", "during", "numpy"))}
    import json
    import os

    p95 = _percentile(clicks, 0.95)
    report = {**TIMINGS, "clicks": len(clicks), "click p95 ms": p95, "per click kind (ms)": per_kind,
              "seconds waited for the warm-up": round(waited, 1),
              "load average (1, 5, 15 min)": [round(x, 2) for x in os.getloadavg()]}
    (SHOTS.parent / "timings.json").write_text(json.dumps(report, indent=2))
    print("timings (ms):", json.dumps(report))
    # The targets are 300 ms and 2 s on an idle machine (the note reports those runs); under `make test` three
    # workers share two cores with this browser, so these bounds only catch a regression of the kind fixed
    # (2-4 s clicks, a cold 7-9 s PyTorch worker, NumPy grades that import the kata's tests on Submit). A single
    # NumPy grade took 2.65 s in CI at a load average of 7 while the other three took 0.63-0.70 s, so the NumPy
    # bound is on the median of the four grades (a cold first grade on both katas would lift it) plus a ceiling.
    assert len(clicks) >= 17 and p95 < 1000, report
    assert ms < 4000, report
    assert _percentile(numpy_ms, 0.5) < 1500 and max(numpy_ms) < 5000, report
    # The grade and the page after it leave torch to the grader's processes (reading the kata's tests here would
    # import it: 2.5 s of this click, before the fix)
    assert "libtorch" not in libraries_loaded_by_the_app(url)


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
    # The block holds: a fetch to a name and to an address outside the machine (TEST-NET-1, never routed) fails
    # at once, and both attempts are recorded.
    probes = ["http://blocked.invalid/", "http://192.0.2.1/"]
    for probe in probes:
        outcome = page.evaluate("u => fetch(u, {mode: 'no-cors'}).then(() => 'reached', () => 'failed')", probe)
        assert outcome == "failed", probe
    assert [u for u in page.blocked if u in probes] == probes
    page.blocked[:] = [u for u in page.blocked if u not in probes]  # the fixture's final check sees the rest
