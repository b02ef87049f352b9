"""The Design page through AppTest: answer under the timer, draft autosave, self-review, history."""

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from design_cases.loader import load_cases
from progress import design_attempt as da
from progress.attempts import attempts_for
from progress.drafts import load_draft
from progress.store import Store

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


def _type(at, case_id: str, text: str, rev: int = 0) -> None:
    # The answer box is an editor component that reports text as it is typed (debounced); AppTest sets
    # its value through session state, as the browser would.
    at.session_state[f"d_answer_{case_id}_{rev}"] = {"id": str(time.time()), "type": "change", "lang": "markdown",
                                                     "text": text, "selected": "", "cursor": ""}
    at.run()


def _shown_answer(at) -> str:
    import json

    editors = at.get("component_instance")
    return json.loads(editors[0].proto.json_args)["code"]


def _expire(home, case_id):
    store = Store(home / "mastery.db")
    a = da.load(store, case_id)
    a.deadline = time.time() - 1
    da.save(store, a)


@pytest.fixture
def page():
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    at.switch_page("views/design.py").run()
    assert not at.exception
    return at


def test_answer_self_review_and_history(page, mastery_home):
    case_id = page.selectbox(key="d_selected").value
    case = load_cases().by_id()[case_id]
    page.button(key=f"d_{case_id}_start").click().run()
    assert page.metric[0].label == "Time left"
    page.button(key=f"d_ask_{case_id}_0").click().run()
    assert "Asked 1 of" in " ".join(c.value for c in page.caption)
    _type(page, case_id, "Two-stage retrieval and ranking with a multitask model.")
    store = Store(mastery_home / "mastery.db")
    assert da.load(store, case_id).draft.startswith("Two-stage")  # autosaved
    _expire(mastery_home, case_id)  # a timed attempt shows the rubric only when time is up or submitted
    page.run()
    levels = {}
    for radio, crit in zip(page.radio, case.rubric.criteria, strict=True):  # one level radio per criterion
        radio.set_value(4 if crit.weight >= 15 else 2)
        levels[crit.id] = 4 if crit.weight >= 15 else 2
    page.run()
    expected = round(sum(c.weight * (levels[c.id] - 1) / 3 for c in case.rubric.criteria), 1)
    page.button(key=f"d_submit_{case_id}").click().run()
    assert not page.exception
    assert f"{expected:.0f} / 100" in page.success[0].value
    assert any(e.label == "Reference design" for e in page.expander)
    (attempt,) = attempts_for(store, "case", case_id)
    assert attempt.score == expected and attempt.details["levels"] == levels
    assert attempt.details["clarifying_asked"] == 1 and attempt.details["answer"].startswith("Two-stage")
    assert load_draft(store, "case", case_id) is None and da.load(store, case_id).status == "submitted"
    assert page.dataframe[-1].value.shape[0] == 1  # the history lists it
    # The offline scorer ran after the answer was saved, and its result is shown and stored.
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["Your self-review"] == f"{expected:.0f}" and "Offline scorer" in metrics
    assert attempt.details["offline_score"]["case"] == case_id


def test_draft_is_restored_in_a_new_session(page, mastery_home):
    case_id = page.selectbox(key="d_selected").value
    page.button(key=f"d_{case_id}_untimed").click().run()
    _type(page, case_id, "half-written design")
    fresh = AppTest.from_file(MAIN, default_timeout=60)
    fresh.run()
    fresh.switch_page("views/design.py").run()
    assert _shown_answer(fresh) == "half-written design"


def test_timer_running_out_marks_the_answer_over_time(page, mastery_home):
    case_id = page.selectbox(key="d_selected").value
    page.button(key=f"d_{case_id}_start").click().run()
    _expire(mastery_home, case_id)
    page.run()
    assert "Time is up" in page.warning[0].value
    _type(page, case_id, "late answer")
    page.button(key=f"d_submit_{case_id}").click().run()
    (attempt,) = attempts_for(Store(mastery_home / "mastery.db"), "case", case_id)
    assert attempt.details["over_time"] is True


def test_filters(page):
    page.multiselect(key="d_styles").select("openai").run()
    n_openai = sum(c.company_style == "openai" for c in load_cases().cases)
    assert f"{n_openai} of {len(load_cases().cases)} cases" in page.caption[0].value
    assert load_cases().by_id()[page.selectbox(key="d_selected").value].company_style == "openai"


def test_llm_judge_scores_side_by_side_and_follow_up_answers_are_stored(page, mastery_home):
    import json

    from tests.support.fake_llm import FakeLLM

    case_id = page.selectbox(key="d_selected").value
    case = load_cases().by_id()[case_id]

    def reply(body):
        # One request per criterion (its id is the only value the schema allows), then the follow-ups.
        props = body.get("response_format", {}).get("json_schema", {}).get("schema", {}).get("properties", {})
        if "criterion_id" not in props:
            return {"content": json.dumps({"questions": ["How would you size it?", "What breaks first?"]})}
        cid = props["criterion_id"]["enum"][0]
        crit = next(c for c in case.rubric.criteria if c.id == cid)
        kps = [{"key_point_id": k.id, "evidence": "multitask model" if i == 0 else "",
                "status": "partial" if i == 0 else "missing"} for i, k in enumerate(crit.key_points)]
        return {"content": json.dumps({"criterion_id": cid, "key_points": kps, "misconceptions_found": [],
                                       "rationale": "ok", "level": 2})}

    with FakeLLM() as fake:
        page.session_state["llm_overrides"] = {"MASTERY_LLM_MODEL": "openai/fake",
                                               "MASTERY_LLM_API_BASE": fake.api_base,
                                               "MASTERY_LLM_API_KEY": "sk-page-test"}
        fake.reply = reply
        answer = "We rank candidates with a multitask model that predicts several engagement events for each post."
        page.button(key=f"d_{case_id}_untimed").click().run()
        _type(page, case_id, answer)
        page.button(key=f"d_submit_{case_id}").click().run()
        assert not page.exception
        metrics = {m.label: m.value for m in page.metric}
        assert metrics["LLM judge"] == "33"  # level 2 everywhere: 100 x 1/3
        page.text_area(key=f"d_fu_{case_id}_0").input("With Little's law.")
        page.text_area(key=f"d_fu_{case_id}_1").input("The feature store.")
        next(b for b in page.button if b.label == "Save my follow-up answers").click().run()
        assert any("Saved with this attempt" in x.value for x in page.success)
    (attempt,) = attempts_for(Store(mastery_home / "mastery.db"), "case", case_id)
    assert attempt.details["llm_score"]["scorer"] == "llm"
    assert attempt.details["follow_ups"] == ["How would you size it?", "What breaks first?"]
    assert [f["answer"] for f in attempt.details["follow_up_answers"]] == ["With Little's law.", "The feature store."]
    assert "sk-page-test" not in json.dumps(attempt.details)


# -- issue 16 replays ---------------------------------------------------------------------------------------
def test_defect_05_draft_clock_and_asked_questions_survive_a_reload(page, mastery_home):
    case_id = page.selectbox(key="d_selected").value
    page.button(key=f"d_{case_id}_start").click().run()
    page.button(key=f"d_ask_{case_id}_1").click().run()
    typed = "x" * 200
    import json

    # AppTest runs no JavaScript: _type hands the page a "change" report directly. A browser sends one
    # before a reload only if the box asks for reports while typing (a blur-only box loses the text).
    assert "debounce" in json.loads(page.get("component_instance")[0].proto.json_args)["response_mode"]
    _type(page, case_id, typed)
    # The attempt began a minute ago (stored times moved back): a clock restarted on reload would show the
    # full budget, 60 s more than is left, well outside the 3 s tolerance below. Sleeping 1.2 s did not
    # separate the two: a restarted clock was within 1.8-2.4 s of the stored deadline.
    store = Store(mastery_home / "mastery.db")
    a = da.load(store, case_id)
    a.started_at, a.deadline = a.started_at - 60, a.deadline - 60
    da.save(store, a)
    deadline = a.deadline
    reloaded = AppTest.from_file(MAIN, default_timeout=60)  # a reload is a new browser session
    reloaded.run()
    reloaded.switch_page("views/design.py").run()
    assert not reloaded.exception
    assert _shown_answer(reloaded) == typed
    assert "Asked 1 of" in " ".join(c.value for c in reloaded.caption)
    left = [m.value for m in reloaded.metric if m.label == "Time left"][0]
    minutes, seconds = map(int, left.split(":"))
    assert abs(minutes * 60 + seconds - (deadline - time.time())) < 3  # not reset to the full budget


def test_defect_19_rubric_hidden_while_timed_and_past_answers_open_with_all_scores(page, mastery_home):
    case_id = page.selectbox(key="d_selected").value
    case = load_cases().by_id()[case_id]
    page.button(key=f"d_{case_id}_start").click().run()
    assert not page.checkbox  # no key point can be read before writing
    levels = [d for c in case.rubric.criteria for d in c.levels]  # nor a level description
    assert not [m.value for m in page.markdown if any(d in m.value for d in levels)]
    _type(page, case_id, "My first design: a two-tower retrieval stage and a ranking model.")
    page.button(key=f"d_submit_{case_id}").click().run()
    history = page.dataframe[-1].value
    assert {"Self-review", "Offline scorer", "LLM judge"} <= set(history.columns)
    assert history["Offline scorer"][0] is not None
    (past,) = [e for e in page.expander if e.label.startswith("Answer of ")]
    # Inside the past answer's expander: the page also shows the submitted draft above it, which satisfied
    # a search over every markdown element even when the expander was empty.
    assert any("My first design" in m.value for m in past.markdown)
    assert case.rubric.criteria


def test_a_submit_click_whose_run_was_interrupted_still_submits_the_latest_draft(page, mastery_home):
    """The answer box reports its text 800 ms after typing stops. A Submit clicked meanwhile had its run cut short
    by that report's rerun, and with `if st.button` the click was lost. The click's callback records the request
    (a run that starts has done that much); the next run, here the answer box's report, saves the text and
    submits it. A request from an earlier attempt at the case does nothing."""
    case_id = page.selectbox(key="d_selected").value
    page.button(key=f"d_{case_id}_untimed").click().run()
    store = Store(mastery_home / "mastery.db")
    _type(page, case_id, "Two-stage retrieval and ranking.")
    started = da.load(store, case_id).started_at
    page.session_state["design_submit_request"] = (case_id, started - 60)  # an earlier attempt's: ignored
    page.run()
    assert da.load(store, case_id).status == "running"
    page.session_state["design_submit_request"] = (case_id, started)  # what the click's callback left behind
    _type(page, case_id, "Two-stage retrieval and ranking, with a multitask ranker and a value model.")
    attempt = da.load(store, case_id)
    assert attempt.status == "submitted" and attempt.draft.endswith("a value model.")
    assert "Submitted." in page.success[0].value and not page.exception
