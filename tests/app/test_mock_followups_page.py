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
