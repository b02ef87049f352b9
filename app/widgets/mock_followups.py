"""Mock interview: the interviewer's follow-ups after a design round when no judge is configured: two of
the case's own follow-up questions aimed at the weakest criteria, answered here and scored offline against
their reference answers (progress.mock_followups). Stored in the design round's result and answers."""

from __future__ import annotations

from dataclasses import asdict

import streamlit as st

from progress.mock_followups import choose, score


def offline_follow_ups(store, session, design_round, catalog, save) -> None:
    result = design_round.result
    case = catalog.cases.by_id()[design_round.items[0]]
    if "follow_up_refs" not in result:
        from evaluators.rubric_scoring import score_design

        chosen = choose(case, score_design(case, design_round.answers.get(case.id, "")))
        result["follow_ups"] = [f.question for f in chosen]
        result["follow_up_refs"] = [asdict(f) for f in chosen]
        save(store, session)
    refs = result["follow_up_refs"]
    if not refs:
        return
    replies = design_round.answers.setdefault("_follow_up_answers", {})
    with st.container(border=True):
        st.markdown("**Before the next round, the interviewer follows up on your design** "
                    "(no judge configured: two of the case's own follow-ups, aimed at your weakest criteria, "
                    "scored offline against their reference answers):")
        for i, f in enumerate(refs):
            st.caption(f"Probes: {f['criterion']} (level {f['level']} of 4 in your design)")
            reply = st.text_area(f["question"], value=replies.get(str(i), ""), key=f"mock_fu_{session.id}_{i}")
            if replies.get(str(i)) != reply:
                replies[str(i)] = reply
                result.pop("follow_up_scores", None)  # a changed answer is scored again
                save(store, session)
        if st.button("Check my follow-up answers", key=f"mock_fu_check_{session.id}"):
            result["follow_up_scores"] = [score(f, replies.get(str(i), "")) for i, f in enumerate(refs)]
            save(store, session)
        # strict=False: until the answers are checked there are no scores (and no expanders).
        for f, s in zip(refs, result.get("follow_up_scores") or [], strict=False):
            with st.expander(f"{s['score']:.0f}/100 · {f['question']}"):
                st.markdown("**Reference answer**")
                st.markdown(f["reference"])
                if s["missed"]:
                    st.markdown("**Not in your answer:**\n" + "\n".join(f"- {m}" for m in s["missed"]))
