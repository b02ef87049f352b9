"""Every page through streamlit.testing.v1.AppTest, as a user would use it."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.catalog import load_catalog
from progress.attempts import attempts_for
from progress.store import Store
from question_bank.search import Filters, SearchIndex

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


@pytest.fixture
def app():
    at = AppTest.from_file(MAIN, default_timeout=60)
    _run_until_loaded(at)
    assert not at.exception, at.exception
    return at


def _run_until_loaded(at):
    # Home draws its content once the background warm-up has loaded it (a fragment polls for that in
    # the browser; AppTest does not tick fragments, so run again once it is ready).
    from app import state

    at.run()
    state.wait_for_content()
    at.run()
    return at


def _button(at, prefix):
    return next(b for b in at.button if b.key and b.key.startswith(prefix))


def test_home_shows_content_counts(app):
    counts = load_catalog().counts()
    metrics = {m.label: m.value for m in app.metric}
    assert {k: metrics[k] for k in ("Questions", "Coding katas", "Design cases")} == {
        "Questions": str(counts["questions"]), "Coding katas": str(counts["katas"]),
        "Design cases": str(counts["design_cases"])}
    assert "Mastery" in app.title[0].value


def test_question_bank_reveal_and_self_rating_is_stored(app, mastery_home):
    at = app.switch_page("views/question_bank.py").run()
    assert not at.exception
    qid = at.selectbox(key="qb_selected").value
    # The prompt is shown first; the answer only after the reveal.
    assert not any(m.value == "#### Reference answer" for m in at.markdown)
    _button(at, "reveal_").click().run()
    assert any(m.value == "#### Reference answer" for m in at.markdown)
    # The question's common wrong claims, each with what is true instead, come with the reference.
    question = load_catalog().bank.by_id()[qid]
    claims = next(e for e in at.expander if e.label.startswith("Common wrong claims"))
    assert claims.label == f"Common wrong claims ({len(question.misconceptions)})"
    shown = claims.markdown[0].value
    assert all(m.claim in shown and m.correction in shown for m in question.misconceptions)
    _button(at, "rate_partly_").click().run()
    assert not at.exception
    assert "Partly" in at.success[0].value
    attempts = attempts_for(Store(mastery_home / "mastery.db"), "question", qid)
    assert [(a.result, a.details["revealed"]) for a in attempts] == [("partly", True)]
    assert attempts[0].duration_s is not None and attempts[0].duration_s >= 0


def test_question_bank_filters_search_and_next(app):
    at = app.switch_page("views/question_bank.py").run()
    total = int(at.caption[0].value.split(" of ")[1].split()[0])
    at.multiselect(key="qb_difficulties").select("hard").run()
    shown = int(at.caption[0].value.split(" of ")[0])
    assert 0 < shown < total
    at.text_input(key="qb_query").input("attention").run()
    # The page shows the same ranking the domain search gives for these filters.
    hits = SearchIndex(load_catalog().bank.questions).search("attention", Filters(difficulties=("hard",)))
    expected = [q.id for q, score in hits if score >= 0.33 * hits[0][1]][:30]  # cut by relevance
    assert at.selectbox(key="qb_selected").value == expected[0]
    assert f"{len(expected)} of {total}" in at.caption[0].value
    at.button(key="qb_next").click().run()
    assert at.selectbox(key="qb_selected").value == expected[1 % len(expected)]


def test_question_bank_empty_result_explains(app):
    at = app.switch_page("views/question_bank.py").run()
    at.text_input(key="qb_query").input("zzzqqq-no-such-term").run()
    assert not at.exception
    assert "No question matches" in at.info[0].value


def test_user_questions_appear_and_are_marked(app, mastery_home):
    folder = mastery_home / "questions"
    folder.mkdir()
    (folder / "mine.yaml").write_text(
        "questions:\n  - id: my-own-question\n    area: foundations\n    topic: math-for-ml\n"
        "    type: concept\n    difficulty: easy\n    roles: [ai-research-engineer]\n"
        "    prompt: What is a zebra matrix?\n    answer: My own answer is that a zebra matrix has stripes of ones and "
        "zeros along the diagonals.\n")
    at = app.switch_page("views/question_bank.py").run()
    at.text_input(key="qb_query").input("zebra matrix").run()
    assert at.selectbox(key="qb_selected").value == "my-own-question"
    assert any("your own question" in c.value for c in at.caption)
    # Its check names no catalogue it does not have.
    at.text_area(key="qb_typed_my-own-question").input("My own answer is that a zebra matrix has stripes of "
                                                       "ones and zeros along the diagonals.").run()
    at.button(key="qb_check_my-own-question").click().run()
    note = [c.value for c in at.caption if "cannot tell a different wrong statement" in c.value]
    assert note and "known wrong claims" not in note[0]


def test_question_deep_link_opens_that_question(app):
    from app.catalog import load_catalog

    target = load_catalog().bank.questions[5].id
    app.query_params["q"] = target
    at = app.switch_page("views/question_bank.py").run()
    assert at.selectbox(key="qb_selected").value == target


def test_typed_answer_is_checked_and_suggests_a_rating(app, mastery_home):
    at = app.switch_page("views/question_bank.py").run()
    qid = at.selectbox(key="qb_selected").value
    from app.catalog import load_catalog

    q = load_catalog().bank.by_id()[qid]
    at.text_area(key=f"qb_typed_{qid}").input(q.answer).run()
    at.button(key=f"qb_check_{qid}").click().run()
    assert "Suggested self-rating: **I knew it**" in at.info[0].value
    # A good suggestion says what the offline check cannot know.
    assert any("cannot tell a different wrong statement" in c.value for c in at.caption)
    assert at.button(key=f"rate_knew_{qid}").proto.type == "primary"
    at.button(key=f"rate_knew_{qid}").click().run()
    (attempt,) = attempts_for(Store(mastery_home / "mastery.db"), "question", qid)
    assert attempt.details["suggested_rating"] == "knew" and attempt.score >= 0.65
    assert attempt.details["typed_answer"] == q.answer


def test_an_answer_largely_outside_the_questions_material_is_held_at_partly_and_says_why(app, mastery_home):
    """The reference with another area's whole reference appended covers every key point, but half of it is
    text the offline check cannot vouch for: it suggests Partly and says why (it would suggest Knew without)."""
    at = app.switch_page("views/question_bank.py").run()
    qid = at.selectbox(key="qb_selected").value
    from app.catalog import load_catalog

    bank = load_catalog().bank
    q = bank.by_id()[qid]
    extra = next(x for x in bank.questions
                 if x.area != q.area and x.type != "behavioral" and len(x.answer) > len(q.answer))
    at.text_area(key=f"qb_typed_{qid}").input(q.answer + "\n\n" + extra.answer).run()
    at.button(key=f"qb_check_{qid}").click().run()
    assert "Suggested self-rating: **Partly**" in at.info[0].value, at.info[0].value
    held = "Held at 'Partly': it covers as many key points as the reference"
    assert any(c.value.startswith(held) for c in at.caption)


def test_home_shows_days_left_and_readiness(mastery_home):
    from datetime import timedelta

    from progress.clock import utc_now
    from progress.scheduling import Drills

    drills = Drills(Store(mastery_home / "mastery.db"), enable_fuzzing=False)
    from app.catalog import load_catalog

    q = load_catalog().bank.questions[0]
    drills.review("question", q.id, 3, now=utc_now() - timedelta(days=3))
    drills.set_setting("interview_date", (utc_now() + timedelta(days=12)).date().isoformat())
    at = _run_until_loaded(AppTest.from_file(MAIN, default_timeout=60))
    assert not at.exception
    assert any(h.value == "Interview in 12 day(s)" for h in at.subheader)
    assert "Predicted recall on the day" in at.table[0].value.columns
