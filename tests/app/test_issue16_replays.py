"""Replays of issue 16's defects that cross pages: 7 (stale check), 8 (one FSRS queue), 11 (weakest
topics), 18 (search relevance, clickable rows), 20 (home: start here, due count)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from app.catalog import load_catalog
from progress.attempts import attempts_for
from progress.scheduling import Drills
from progress.store import Store

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


def _app(page=None):
    from app import state

    at = AppTest.from_file(MAIN, default_timeout=90)
    at.run()
    state.wait_for_content()
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    return at


def test_defect_07_a_changed_answer_is_rechecked_before_it_is_stored(mastery_home):
    at = _app("views/question_bank.py")
    qid = at.selectbox(key="qb_selected").value
    q = load_catalog().bank.by_id()[qid]
    at.text_area(key=f"qb_typed_{qid}").input(q.answer).run()
    at.button(key=f"qb_check_{qid}").click().run()
    assert "Offline score" in at.info[0].value
    at.text_area(key=f"qb_typed_{qid}").input("no idea").run()
    assert not any("Offline score" in i.value for i in at.info)  # the old result is not shown for new text
    at.button(key=f"rate_not_{qid}").click().run()
    (attempt,) = attempts_for(Store(mastery_home / "mastery.db"), "question", qid)
    assert attempt.details["typed_answer"] == "no idea" and attempt.score < 0.3


def test_defect_08_ratings_and_results_on_every_page_feed_the_schedule(mastery_home):
    store = Store(mastery_home / "mastery.db")
    at = _app("views/question_bank.py")
    qid = at.selectbox(key="qb_selected").value
    next(b for b in at.button if b.key == f"rate_partly_{qid}").click().run()
    katas = _app("views/katas.py")
    katas.selectbox(key="k_selected").set_value("softmax").run()
    katas.button(key="k_softmax_untimed").click().run()
    katas.button(key="k_submit_softmax").click().run()  # the starter fails
    rows = dict(((t, i), r) for t, i, r in store.conn.execute("SELECT item_type, item_id, rating FROM review_log"))
    assert rows[("question", qid)] == 2 and rows[("kata", "softmax")] == 1
    assert {t for t, _ in store.conn.execute("SELECT item_type, item_id FROM review_state")} == {"question", "kata"}
    # A design answer scored on the Design page is a review too.
    from design_cases.loader import load_cases
    from progress import design_attempt as da

    case = load_cases().cases[0]
    da.start(store, case.id, None)
    da.submit(store, case.id, "A short answer.", {}, {}, 10.0, case=case)
    assert Drills(store).card("case", case.id) is not None
    # Drills sees all three as reviewed items (nothing new to learn about them today).
    drills = _app("views/drills.py")
    assert not drills.exception


def test_defect_11_a_topic_failed_twice_is_not_shown_as_recalled(mastery_home):
    store = Store(mastery_home / "mastery.db")
    drills = Drills(store)
    bank = load_catalog().bank.questions
    failed = bank[0]
    fine = next(q for q in bank if q.topic != failed.topic)
    drills.review("question", failed.id, 1)
    drills.review("question", failed.id, 1)
    drills.review("question", fine.id, 3)
    from progress.dashboard import build

    data = build(drills, load_catalog())
    assert data.weakest[0].topic == failed.topic
    at = _app("views/dashboard.py")
    weakest_lines = [m.value for m in at.markdown if "Again on" in m.value]
    assert weakest_lines and "Again on 2 of 2" in weakest_lines[0]


def test_defect_18_search_is_cut_by_relevance_and_rows_open_questions(mastery_home):
    at = _app("views/question_bank.py")
    at.text_input(key="qb_query").input("KV cache").run()
    shown = int(at.caption[0].value.split(" of ")[0])
    assert 0 < shown <= 30
    by_id = load_catalog().bank.by_id()
    ids = at.session_state["qb_table_ids"]
    assert all("kv" in (by_id[i].prompt + by_id[i].answer).lower() for i in ids[:5])
    assert not any(by_id[i].area == "behavioral" for i in ids)
    assert at.dataframe[0].proto.selection_mode  # rows are selectable: a click opens the question


def test_defect_20_home_has_one_start_here_and_the_due_count(mastery_home):
    store = Store(mastery_home / "mastery.db")
    drills = Drills(store)
    q = load_catalog().bank.questions[0]
    from datetime import timedelta

    from progress.clock import utc_now

    drills.review("question", q.id, 3, now=utc_now() - timedelta(days=30))
    at = _app()
    first = [m.label for m in at.metric][:2]
    assert first[0] == "Due now" and [m.value for m in at.metric][0] == "1"
    assert any("Start here" in (b.label or "") for b in at.get("page_link"))
