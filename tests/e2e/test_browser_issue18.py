"""Issue 18 in Debian's Chromium: kata table, side-by-side view, custom input, iterations diff, undo of the
last rating, the review forecast and the card browser, with screenshots in artifacts/screenshots/ (40-49).

Kept apart from test_browser.py (another helper's file); the server, page and helpers are in conftest.py.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, SHOTS, _set_editor, _settled

pytestmark = pytest.mark.browser
KATA = "softmax"
WRONG = ("import numpy as np\ndef softmax(x, axis=-1):\n    print('rows', len(x))\n    e = np.exp(x)\n"
         "    return e / e.sum(axis=axis, keepdims=True)\n")


def _db(home):
    return sqlite3.connect(home / "mastery.db")


def _start_untimed(page, url):
    page.goto(f"{url}/katas?kata={KATA}")
    _settled(page)
    restart = page.get_by_role("button", name="Restart this kata")
    if restart.count():
        restart.click()
        _settled(page)
    page.get_by_role("button", name="Practice untimed").click()
    _settled(page)


def test_kata_table_in_learning_order(server, page):
    url, _ = server
    page.goto(f"{url}/katas")
    _settled(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_be_visible()
    # The grid draws on a canvas (its headers are not text in the page): the columns are checked by the
    # AppTest (tests/app/test_kata_table_page.py); here it is drawn and looked at.
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "40-kata-table-new.png"), full_page=True)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 35 + 17)  # the second row's selection cell
    _settled(page)
    from coding_katas.loader import load_katas
    from progress.kata_table import learning_order
    from question_bank.taxonomy import load_taxonomy

    second = learning_order(load_katas().katas, load_taxonomy().phase_of)[1].kata
    expect(page.get_by_text(f"Prompt: {second.title}")).to_be_visible()  # the clicked row's kata is open


def test_side_by_side_custom_input_and_iterations(server, page):
    url, home = server
    _start_untimed(page, url)
    prompt = page.get_by_text(re.compile("^Prompt: ")).first.bounding_box()
    editor = page.locator("iframe[title='code_editor.code_editor']").first.bounding_box()
    assert editor["x"] > prompt["x"] + prompt["width"] - 5  # the editor is to the right of the prompt
    assert abs(editor["y"] - prompt["y"]) < 200            # in the same row, not below it
    for label in ("Run samples", "Submit"):  # beside the prompt, the buttons still show their whole labels
        fits = "el => [...el.querySelectorAll('*')].every(e => e.scrollWidth <= e.clientWidth + 1)"
        assert page.get_by_role("button", name=label).evaluate(fits), f"{label!r} is cut short"
    page.locator("[data-testid='stMain']").evaluate("el => el.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "41-kata-side-by-side.png"))

    _set_editor(page, WRONG)
    page.get_by_role("heading").first.click()  # leave the editor: it reports its text
    _settled(page)
    page.get_by_text("Custom input: run your function").click()
    page.get_by_label("Arguments (Python literals").fill("[[1.0, 2.0], [0.0, 1000.0]]")
    page.get_by_label("Arguments (Python literals").press("Control+Enter")
    _settled(page)
    page.get_by_role("button", name="Run with this input").click()
    _settled(page)
    expect(page.get_by_text("The reference returned")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("rows 2")).to_be_visible()               # the user's print, from the sandbox
    expect(page.get_by_text("Differs from the reference")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Comparison: numbers and arrays match"))).to_be_visible()  # the tolerance
    page.get_by_text("The reference returned").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "42-kata-custom-input.png"), full_page=True)

    page.get_by_role("button", name="Submit").click()
    _settled(page)
    expect(page.get_by_text("Not yet")).to_be_visible(timeout=30_000)
    page.get_by_text(re.compile(r"^Your iterations")).click()  # drawn once opened; it stays open below
    _settled(page)
    _set_editor(page, (ROOT / f"coding_katas/katas/{KATA}/solution.py").read_text())
    page.get_by_role("heading").first.click()
    _settled(page)
    page.get_by_role("button", name="Submit").click()
    _settled(page)
    expect(page.get_by_text("All tests passed")).to_be_visible(timeout=30_000)
    page.get_by_text("diff with the previous iteration").click()
    _settled(page)
    expect(page.get_by_text("+++ iteration").first).to_be_visible()
    page.get_by_text(re.compile(r"^Your iterations")).scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "43-kata-iterations-diff.png"), full_page=True)
    submits = _db(home).execute("SELECT COUNT(*) FROM attempts WHERE item_id = ? AND json_extract(details, '$.mode') "
                                "= 'submit'", (KATA,)).fetchone()[0]
    expect(page.get_by_text(re.compile(rf"^Your iterations \({submits}\)"))).to_be_visible()
    page.goto(f"{url}/katas")  # the table now shows the solve: status, best time, attempts, last attempt
    _settled(page)
    page.screenshot(path=str(SHOTS / "40-kata-table.png"), full_page=True)


def test_undo_restores_the_prior_fsrs_state(server, page):
    url, home = server
    page.goto(f"{url}/drills")
    _settled(page)
    before = _db(home).execute("SELECT item_type, item_id, card, due, lapses, suspended FROM review_state "
                               "ORDER BY item_type, item_id").fetchall()
    n_logs = _db(home).execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
    page.get_by_role("button", name=re.compile("^Good")).click()
    _settled(page)
    assert _db(home).execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == n_logs + 1
    page.get_by_role("button", name=re.compile("Undo last rating")).click()
    _settled(page)
    expect(page.get_by_text("Undid Good")).to_be_visible()
    after = _db(home).execute("SELECT item_type, item_id, card, due, lapses, suspended FROM review_state "
                              "ORDER BY item_type, item_id").fetchall()
    assert after == before and _db(home).execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == n_logs


def test_forecast_matches_the_store(server, page):
    url, home = server
    page.goto(f"{url}/progress")
    _settled(page)
    expect(page.get_by_role("heading", name="Review forecast")).to_be_visible()
    from progress.forecast import forecast
    from progress.store import Store

    rows = forecast(Store(home / "mastery.db"))
    total = sum(n for _, n in rows)
    assert total > 0  # earlier tests reviewed items
    expect(page.get_by_text(f"{total} review(s) due in the next 30 days")).to_be_visible()
    expect(page.get_by_text(f"today {rows[0][1]},")).to_be_visible()
    page.get_by_role("heading", name="Review forecast").evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(800)  # the chart draws after the scroll
    page.screenshot(path=str(SHOTS / "44-progress-forecast.png"))


def test_card_browser_search_and_suspend(server, page):
    url, home = server
    page.goto(f"{url}/cards")
    _settled(page)
    page.get_by_role("textbox", name="Search").fill("softmax")
    page.get_by_role("textbox", name="Search").press("Enter")
    _settled(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)  # the first row's selection cell
    _settled(page)
    expect(page.get_by_role("button", name="Suspend")).to_be_visible()
    page.get_by_role("button", name="Suspend").click()
    _settled(page)
    expect(page.get_by_text("Suspend:")).to_be_visible()
    suspended = _db(home).execute("SELECT item_type, item_id FROM review_state WHERE suspended = 1").fetchall()
    from app.catalog import load_catalog
    from progress import card_browser as cb

    first = cb.search(cb.catalogue_items(load_catalog()), "softmax")[0]
    assert suspended == [(first.item_type, first.item_id)]  # the clicked first row, and only it
    page.screenshot(path=str(SHOTS / "45-card-browser.png"), full_page=True)


def test_mock_follow_ups_without_a_judge(server, page):
    url, home = server
    from app.catalog import load_catalog
    from progress import mock_interview as mock
    from progress.store import Store

    store = Store(home / "mastery.db")
    # A design round, then a long concepts round (90 min x 0.01 = 54 s) during which the follow-ups are asked.
    session = mock.create_session(store, load_catalog(), "custom", rounds=[
        mock.RoundSpec("design", 40, case_ids=("openai-chat-serving",)), mock.RoundSpec("concepts", 90, 1)],
        mode="practice", time_scale=0.01)
    page.goto(f"{url}/mock?mock={session.id}")
    _settled(page)
    page.get_by_role("button", name="Finish this round").click()
    _settled(page)
    expect(page.get_by_text("the interviewer follows up on your design")).to_be_visible()
    refs = mock.load(store, session.id).rounds[0].result["follow_up_refs"]
    page.get_by_label(refs[0]["question"]).fill(refs[0]["reference"])
    page.get_by_label(refs[1]["question"]).fill("I am not sure.")
    page.get_by_label(refs[1]["question"]).press("Control+Enter")
    _settled(page)
    page.get_by_role("button", name="Check my follow-up answers").click()
    _settled(page)
    scores = mock.load(store, session.id).rounds[0].result["follow_up_scores"]
    assert scores[0]["score"] > scores[1]["score"]
    expect(page.get_by_text(f"{scores[0]['score']:.0f}/100 · {refs[0]['question']}")).to_be_visible()
    page.screenshot(path=str(SHOTS / "46-mock-follow-ups-offline.png"), full_page=True)
