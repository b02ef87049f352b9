"""Mock page without a judge: after the design round the interviewer asks two of the case's follow-ups
aimed at the weakest criteria; answers are scored offline against the references."""

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from app.catalog import load_catalog
from progress import mock_interview as mock
from progress.store import Store

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")


def test_offline_follow_ups_are_asked_answered_and_scored(mastery_home):
    store = Store(mastery_home / "mastery.db")
    at = AppTest.from_file(MAIN, default_timeout=120)
    at.run()
    at.switch_page("views/mock.py").run()
    at.selectbox(key="mock_role").set_value("custom").run()
    at.multiselect(key="mock_types").set_value(["design", "behavioral"]).run()
    at.button(key="mock_start").click().run()
    (row,) = mock.sessions(store)
    s = mock.load(store, row["id"])
    at.session_state[f"mock_{s.id}_0_{s.round.items[0]}"] = {
        "id": str(time.time()), "type": "change", "lang": "markdown", "text": "A load balancer and some GPUs.",
        "selected": "", "cursor": ""}
    at.run()
    next(b for b in at.button if b.label == "Finish this round").click().run()
    assert not at.exception
    s = mock.load(store, row["id"])
    case = load_catalog().cases.by_id()[s.rounds[0].items[0]]
    refs = s.rounds[0].result["follow_up_refs"]
    own = {f.question: f.answer for f in case.follow_ups}
    assert len(refs) == 2 and all(own[f["question"]] == f["reference"] for f in refs)
    assert s.rounds[0].result["follow_ups"] == [f["question"] for f in refs]
    boxes = [t for t in at.text_area if t.label in own]
    assert [b.label for b in boxes] == [f["question"] for f in refs]
    boxes[0].input(refs[0]["reference"]).run()         # a full answer to the first
    next(t for t in at.text_area if t.label == refs[1]["question"]).input("No idea, honestly.").run()
    at.button(key=f"mock_fu_check_{s.id}").click().run()
    assert not at.exception
    scores = mock.load(store, row["id"]).rounds[0].result["follow_up_scores"]
    assert scores[0]["score"] >= 80 > 20 >= scores[1]["score"] and scores[1]["missed"]
    assert any(e.label.startswith(f"{scores[0]['score']:.0f}/100") for e in at.expander)
    assert any(refs[1]["reference"][:40] in m.value for m in at.markdown)  # the reference is shown


def test_issue16_follow_ups_and_their_answers_are_in_the_report_and_its_export(mastery_home):
    store = Store(mastery_home / "mastery.db")
    at = AppTest.from_file(MAIN, default_timeout=120)
    at.run()
    at.switch_page("views/mock.py").run()
    at.selectbox(key="mock_role").set_value("custom").run()
    at.multiselect(key="mock_types").set_value(["design", "behavioral"]).run()
    at.button(key="mock_start").click().run()
    (row,) = mock.sessions(store)
    s = mock.load(store, row["id"])
    at.session_state[f"mock_{s.id}_0_{s.round.items[0]}"] = {
        "id": str(time.time()), "type": "change", "lang": "markdown", "text": "A load balancer and some GPUs.",
        "selected": "", "cursor": ""}
    at.run()
    next(b for b in at.button if b.label == "Finish this round").click().run()
    refs = mock.load(store, s.id).rounds[0].result["follow_up_refs"]
    # Answered during the behavioral round; "Check" is never pressed: the report scores them itself.
    next(t for t in at.text_area if t.label == refs[0]["question"]).input(refs[0]["reference"]).run()
    next(t for t in at.text_area if t.label == refs[1]["question"]).input("No idea, honestly.").run()
    next(b for b in at.button if b.label == "Finish this round").click().run()
    assert not at.exception

    follow_ups = [e for e in at.expander if e.label.startswith("Follow-up ")]
    assert [e.label.split(": ", 1)[1].rsplit(" · ", 1)[0] for e in follow_ups] == [f["question"][:100] for f in refs]
    shown = [m.value for e in follow_ups for m in e.markdown]
    assert "No idea, honestly." in shown and refs[1]["reference"] in shown and refs[0]["reference"] in shown
    first, second = mock.load(store, s.id).report["rounds"][0]["follow_ups"]
    assert first["score"] >= 80 > 20 >= second["score"] and second["missed"]
    assert follow_ups[0].label.endswith(f" · {first['score']:.0f}/100")

    text = mock.report_markdown(mock.load(store, s.id), load_catalog())
    assert "### The interviewer's follow-ups" in text
    for n, (f, answer) in enumerate(zip(refs, (refs[0]["reference"], "No idea, honestly."), strict=True), 1):
        block = text.split(f"#### {n}. {f['question']}", 1)[1].split("\n#", 1)[0]
        given, reference = block.split("**Reference**")
        assert "**Your answer**" in given and answer in given and f["reference"] in reference
    assert f"({second['score']:.0f}/100)" in text and f"Probes {refs[1]['criterion']}" in text
