"""The Drills page through AppTest: rate with the four buttons, see items rescheduled, the log in the DB."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from progress.scheduling import Drills
from progress.store import Store

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


def _page():
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    at.switch_page("views/drills.py").run()
    assert not at.exception
    return at


def test_rating_with_each_button_reschedules_and_logs(mastery_home):
    at = _page()
    at.multiselect(key="dr_daily_kinds").set_value(["question"]).run()
    assert {m.label: m.value for m in at.metric}["New today"] == "10"
    for rating in (1, 2, 3, 4):
        at.button(key=f"dr_rate_{rating}").click().run()
        assert not at.exception
    store = Store(mastery_home / "mastery.db")
    rows = store.conn.execute("SELECT rating, kind FROM review_log ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [1, 2, 3, 4] and {r[1] for r in rows} == {"scheduled"}
    drills = Drills(store, enable_fuzzing=False)
    states = store.conn.execute("SELECT item_id, due FROM review_state").fetchall()
    assert len(states) == 4  # four different items, each now scheduled
    assert {m.label: m.value for m in at.metric}["New today"] == "6"
    easy_item = store.conn.execute("SELECT item_id FROM review_log WHERE rating = 4").fetchone()[0]
    again_item = store.conn.execute("SELECT item_id FROM review_log WHERE rating = 1").fetchone()[0]
    assert drills.card("question", easy_item).due > drills.card("question", again_item).due


def test_cram_does_not_change_the_schedule(mastery_home):
    at = _page()
    at.radio(key="dr_mode").set_value("Cram a topic").run()
    at.multiselect(key="dr_cram_kinds").set_value(["question"]).run()
    at.button(key="dr_rate_1").click().run()
    store = Store(mastery_home / "mastery.db")
    assert store.conn.execute("SELECT kind FROM review_log").fetchall() == [("cram",)]
    assert store.conn.execute("SELECT COUNT(*) FROM review_state").fetchone()[0] == 0


def test_typed_answer_suggests_a_rating(mastery_home):
    at = _page()
    at.multiselect(key="dr_daily_kinds").set_value(["question"]).run()
    qid = at.text_area[0].key[len("dr_typed_"):]
    from app.catalog import load_catalog

    q = load_catalog().bank.by_id()[qid]
    at.text_area(key=f"dr_typed_{qid}").input(q.answer).run()
    assert at.button(key="dr_rate_4").proto.type == "primary"


def test_a_typed_answer_held_down_by_the_check_says_why(mastery_home):
    """A catalogued false claim suggests Not yet and says so; the reference padded with another field's whole
    reference suggests at most Partly and says so; the reference alone says nothing of the kind."""
    at = _page()
    at.multiselect(key="dr_daily_kinds").set_value(["question"]).run()
    qid = at.text_area[0].key[len("dr_typed_"):]
    from app.catalog import load_catalog
    from evaluators.scoring import analyse_question_answer

    bank = load_catalog().bank
    q = bank.by_id()[qid]
    at.text_area(key=f"dr_typed_{qid}").input(q.answer).run()
    assert not [c for c in at.caption if c.value.startswith("The check suggests")]
    assert q.misconceptions and q.type != "behavioral", qid  # the first card of the fixed seed is technical
    at.text_area(key=f"dr_typed_{qid}").input(q.answer + "\n\n" + q.misconceptions[0].phrasings[0]).run()
    assert any(c.value.startswith("The check suggests Not yet: ") and "false claim" in c.value for c in at.caption)
    assert at.button(key="dr_rate_1").proto.type == "primary"
    extra = next(x for x in bank.questions
                 if x.area != q.area and x.type != "behavioral" and len(x.answer) > len(q.answer))
    padded = q.answer + "\n\n" + extra.answer
    at.text_area(key=f"dr_typed_{qid}").input(padded).run()
    expected = analyse_question_answer(q, padded)
    assert expected.limits or expected.caps, qid
    prefix = "The check suggests Not yet: " if expected.caps else "The check suggests at most Partly: "
    assert any(c.value.startswith(prefix) for c in at.caption)


def test_a_revealed_question_shows_its_common_wrong_claims(mastery_home):
    at = _page()
    at.multiselect(key="dr_daily_kinds").set_value(["question"]).run()
    qid = at.text_area[0].key[len("dr_typed_"):]
    from app.catalog import load_catalog

    q = load_catalog().bank.by_id()[qid]
    assert not [e for e in at.expander if e.label.startswith("Common wrong claims")]  # not before the reveal
    at.button(key=f"dr_reveal_{qid}").click().run()
    claims = next(e for e in at.expander if e.label.startswith("Common wrong claims"))
    assert claims.label == f"Common wrong claims ({len(q.misconceptions)})"
    assert all(m.claim in claims.markdown[0].value and m.correction in claims.markdown[0].value
               for m in q.misconceptions)


# -- issue 16 replays ---------------------------------------------------------------------------------------
def _shown_item(at) -> str:
    return at.markdown[[i for i, m in enumerate(at.markdown) if m.value.startswith("### ")][0]].value


def test_defect_03_cram_ratings_move_to_the_next_item(mastery_home):
    at = _page()
    at.radio(key="dr_mode").set_value("Cram a topic").run()
    at.multiselect(key="dr_cram_kinds").set_value(["question"]).run()
    seen = []
    for rating in (1, 3, 4, 2):
        seen.append(_shown_item(at))
        at.button(key=f"dr_rate_{rating}").click().run()
        assert not at.exception
    assert len(set(seen)) == 4
    rows = Store(mastery_home / "mastery.db").conn.execute("SELECT DISTINCT item_id FROM review_log").fetchall()
    assert len(rows) == 4


def test_defect_13_again_cards_announce_when_they_return(mastery_home):
    at = _page()
    at.multiselect(key="dr_daily_kinds").set_value(["question"]).run()
    at.number_input(key="dr_new").set_value(1).run()
    at.button(key="dr_rate_1").click().run()  # Again: due again in about a minute
    assert any("Nothing to review" in s.value for s in at.success)
    assert any("Next review due in 1 min" in c.value for c in at.caption)
    store = Store(mastery_home / "mastery.db")
    store.conn.execute("UPDATE review_state SET due = '2000-01-01T00:00:00.000000+00:00'")  # time passes
    at.run()
    assert {m.label: m.value for m in at.metric}["Due now"] == "1"


def test_defect_14_cram_filters_do_not_narrow_the_daily_queue(mastery_home):
    at = _page()
    due_all = {m.label: m.value for m in at.metric}["New today"]
    at.radio(key="dr_mode").set_value("Cram a topic").run()
    at.multiselect(key="dr_cram_areas").set_value(["mlops"]).run()
    at.radio(key="dr_mode").set_value("Daily queue").run()
    assert {m.label: m.value for m in at.metric}["New today"] == due_all
    assert not at.warning
    at.multiselect(key="dr_daily_areas").set_value(["mlops"]).run()
    assert "filtered" in at.warning[0].value  # a daily filter is said out loud


def test_defect_21_last_rating_confirmed_and_new_items_interleave_topics(mastery_home):
    at = _page()
    at.multiselect(key="dr_daily_kinds").set_value(["question"]).run()
    from app.catalog import load_catalog

    by_id = load_catalog().bank.by_id()
    topics = []
    for _ in range(3):
        qid = at.text_area[0].key[len("dr_typed_"):]
        topics.append(by_id[qid].topic)
        at.button(key="dr_rate_3").click().run()
    assert len(set(topics)) == 3  # three new items, three topics
    at.number_input(key="dr_new").set_value(4).run()
    at.button(key="dr_rate_3").click().run()
    assert any("Good recorded for" in s.value for s in at.success)  # confirmed, though the queue is empty


def test_a_typed_answer_with_a_catalogued_false_claim_suggests_again(mastery_home):
    """Drills scored a typed answer with the key points only: the reference answer plus a catalogued false
    claim still suggested Easy, while the Question bank page caps it at "Not yet"."""
    at = _page()
    at.multiselect(key="dr_daily_topics").set_value(["model-serving"]).run()  # each has a catalogue
    at.multiselect(key="dr_daily_kinds").set_value(["question"]).run()
    qid = at.text_area[0].key[len("dr_typed_"):]
    from app.catalog import load_catalog

    q = load_catalog().bank.by_id()[qid]
    at.text_area(key=f"dr_typed_{qid}").input(q.answer + "\n\n" + q.misconceptions[0].phrasings[0]).run()
    assert at.button(key="dr_rate_1").proto.type == "primary"
