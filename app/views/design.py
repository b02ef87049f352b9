import time

import streamlit as st

from app import state
from app.widgets.countdown import countdown, format_left, start_buttons
from design_cases.self_review import weighted_score
from evaluators.rubric_scoring import score_design
from progress.attempts import attempts_for, record_attempt, update_attempt_details
from progress.drafts import clear_draft, load_draft, save_draft
from question_bank.taxonomy import load_taxonomy

LEVEL_NAMES = {1: "1 · missing or wrong", 2: "2 · superficial", 3: "3 · solid", 4: "4 · excellent"}



def _score_panel(case, sub: dict, judge_configured: bool) -> None:
    """Self-review, offline scorer and LLM judge side by side, per criterion with evidence."""
    st.subheader("Scores")
    offline, llm = sub["offline"], sub.get("llm")
    cols = st.columns(3 if llm else 2)
    cols[0].metric("Your self-review", f"{sub['score']:.0f}")
    cols[1].metric("Offline scorer", f"{offline['total']:.0f}")
    if llm:
        label = "LLM judge" if llm["scorer"] == "llm" else "LLM judge (fell back)"
        cols[2].metric(label, f"{llm['total']:.0f}")
        if llm.get("fallback_reason"):
            st.warning(f"The LLM judge could not be used: {llm['fallback_reason']}. Showing the offline result.")
    elif not judge_configured:
        st.caption("Configure an LLM judge on the Settings page for a second opinion.")
    rows = []
    llm_by_id = {c["id"]: c for c in (llm or {}).get("criteria", [])}
    for c in offline["criteria"]:
        row = {"Criterion": c["name"], "Weight": c["weight"], "You": sub["levels"].get(c["id"]), "Offline": c["level"]}
        if llm:
            row["LLM"] = llm_by_id.get(c["id"], {}).get("level")
        rows.append(row)
    st.table(rows)
    for c in offline["criteria"]:
        with st.expander(f"{c['name']}: evidence and what is missing"):
            for k in c["key_points"]:
                mark = {"covered": ":green[covered]", "partial": ":orange[partial]", "missing": ":red[missing]"}[k["status"]]
                st.markdown(f"- {mark} {k['text']}" + (f"  \n  > {k['evidence']}" if k.get("evidence") else ""))
            if c["id"] in llm_by_id:
                st.markdown(f"**LLM judge:** level {llm_by_id[c['id']]['level']}. {llm_by_id[c['id']]['feedback']}")
    for line in offline.get("feedback", []):
        st.caption(line)
    if sub.get("follow_ups"):
        st.subheader("The interviewer follows up")
        with st.form(f"d_followups_{case.id}"):
            replies = [st.text_area(q, key=f"d_fu_{case.id}_{i}") for i, q in enumerate(sub["follow_ups"])]
            if st.form_submit_button("Save my follow-up answers"):
                update_attempt_details(state.store(), sub["attempt_id"], {
                    "follow_up_answers": [{"question": q, "answer": a} for q, a in zip(sub["follow_ups"], replies)]})
                st.success("Saved with this attempt.")


library = state.catalog().cases
store = state.store()
topic_names = load_taxonomy().topic_names()

st.title("System design")

with st.sidebar:
    st.header("Filters")
    cases = library.cases
    styles = st.multiselect("Company style", sorted({c.company_style for c in cases}), key="d_styles")
    levels = st.multiselect("Level", ["mid", "senior", "staff"], key="d_levels")
    topics = st.multiselect("Topic", sorted({t for c in cases for t in c.topics}),
                            format_func=lambda t: topic_names.get(t, t), key="d_topics")

shown = [c for c in cases if (not styles or c.company_style in styles) and (not levels or c.level in levels)
         and (not topics or any(t in topics for t in c.topics))]
st.caption(f"{len(shown)} of {len(cases)} cases")
if not shown:
    st.info("No case matches these filters.")
    st.stop()

by_id = {c.id: c for c in shown}
linked = st.query_params.get("case")
if linked in by_id and st.session_state.get("d_link_applied") != linked:
    st.session_state["d_selected"] = linked
    st.session_state["d_link_applied"] = linked
if st.session_state.get("d_selected") not in by_id:
    st.session_state["d_selected"] = shown[0].id
case_id = st.selectbox("Case", list(by_id), key="d_selected",
                       format_func=lambda i: f"{by_id[i].title} · {by_id[i].company_style} · {by_id[i].level} · "
                                             f"{by_id[i].time_budget_min} min")
case = by_id[case_id]
st.query_params["case"] = case_id
st.session_state["d_link_applied"] = case_id

S = st.session_state.setdefault("d_state", {}).setdefault(case_id, {
    "started": None, "deadline": None, "asked": [], "over_time": False, "submitted": None,
})
expired_flag = f"d_expired_{case_id}"
answer_key = f"d_answer_{case_id}"

st.markdown(f"### {case.title}")
st.caption(f"{case.company_style} style · {case.level} · budget {case.time_budget_min} min · "
           + ", ".join(topic_names.get(t, t) for t in case.topics))
st.markdown(case.prompt)

if S["started"] is None:
    start_buttons(S, case.time_budget_min, key=f"d_{case_id}")
    history = attempts_for(store, "case", case_id, limit=50)
    if history:
        st.caption(f"{len(history)} earlier answer(s); last score {history[0].score} on {history[0].created_at:%Y-%m-%d}")
    st.stop()

# At zero the attempt is marked over time (recorded with the answer); the user may finish untimed.
if S["deadline"] is not None and not S["over_time"] and (st.session_state.get(expired_flag) or time.time() >= S["deadline"]):
    S["over_time"] = True
    st.session_state.pop(expired_flag, None)

main, side = st.columns([3, 1])
with side:
    if S["over_time"]:
        st.metric("Time left", "00:00")
        st.warning("Time is up: this answer will be marked over time. Finish untimed.")
    elif S["deadline"] is not None and S["submitted"] is None:
        countdown(S["deadline"], expired_flag)
    elif S["submitted"] is None:
        st.metric("Untimed", format_left(time.time() - S["started"]))
    st.markdown("**Clarifying questions**")
    st.caption(f"Asked {len(S['asked'])} of {len(case.clarifying_questions)}")
    for i, cq in enumerate(case.clarifying_questions):
        if i in S["asked"]:
            with st.expander(cq.question, expanded=False):
                st.markdown(cq.answer)
        elif st.button(f"Ask: {cq.question}", key=f"d_ask_{case_id}_{i}"):
            S["asked"].append(i)
            st.rerun()

with main:
    if answer_key not in st.session_state:
        st.session_state[answer_key] = load_draft(store, "case", case_id) or ""
        S["saved_draft"] = st.session_state[answer_key]
    text = st.text_area("Your design (requirements, estimates, architecture, data, model, serving, evaluation, trade-offs)",
                        key=answer_key, height=420, disabled=S["submitted"] is not None)
    if S["submitted"] is None and text != S.get("saved_draft"):
        save_draft(store, "case", case_id, text)  # autosave on every change the editor reports
        S["saved_draft"] = text
    st.caption(f"{len(text.split())} words · draft saved automatically")

if S["submitted"] is None:
    st.subheader("Self-review")
    st.write("Tick the key points your answer covers and pick a level per criterion. Be strict: "
             "'covered' means an interviewer would hear it, with specifics.")
    levels_chosen: dict[str, int] = {}
    for crit in case.rubric.criteria:
        with st.expander(f"{crit.name} · weight {crit.weight}", expanded=False):
            for kp in crit.key_points:
                st.checkbox(kp.text, key=f"d_kp_{case_id}_{crit.id}_{kp.id}")
            st.markdown("\n".join(f"- **{LEVEL_NAMES[i + 1]}**: {d}" for i, d in enumerate(crit.levels)))
            levels_chosen[crit.id] = st.radio("Level", [1, 2, 3, 4], index=0, horizontal=True,
                                              format_func=lambda n: LEVEL_NAMES[n], key=f"d_level_{case_id}_{crit.id}")
    preview = weighted_score(case, levels_chosen)
    st.metric("Self-review score", f"{preview:.0f} / 100")
    if st.button("Submit answer and self-review", type="primary", key=f"d_submit_{case_id}", disabled=not text.strip()):
        covered = {c.id: [kp.id for kp in c.key_points if st.session_state.get(f"d_kp_{case_id}_{c.id}_{kp.id}")]
                   for c in case.rubric.criteria}
        details = {"answer": text, "levels": levels_chosen, "covered_key_points": covered,
                   "clarifying_asked": len(S["asked"]), "over_time": S["over_time"]}
        # The answer is saved first; scoring comes after and can only add to the stored attempt.
        attempt_id = record_attempt(store, "case", case_id, "self_review", score=preview,
                                    duration_s=round(time.time() - S["started"], 1), details=details)
        clear_draft(store, "case", case_id)
        offline = score_design(case, text).to_dict()
        update_attempt_details(store, attempt_id, {"offline_score": offline})
        S["submitted"] = {"score": preview, "levels": levels_chosen, "attempt_id": attempt_id, "offline": offline,
                          "llm": None, "follow_ups": None}
        st.rerun()
else:
    sub = S["submitted"]
    st.success(f"Submitted. Self-review score: {sub['score']:.0f} / 100.")
    config = state.judge_config()
    if config is not None and sub.get("llm") is None:
        from evaluators.llm_judge import ask_follow_ups, judge_design, rubric_score_from_dict

        with st.spinner(f"Asking the LLM judge ({config.label})..."):
            answer_text = st.session_state.get(answer_key, "")
            judged = judge_design(case, answer_text, config, rubric_score_from_dict(sub["offline"]), store=store)
            questions, _ = ask_follow_ups(case, answer_text, judged, config) if judged.scorer == "llm" else ([], None)
        sub["llm"] = judged.to_dict()
        sub["follow_ups"] = questions
        update_attempt_details(store, sub["attempt_id"], {"llm_score": sub["llm"], "follow_ups": questions})
    _score_panel(case, sub, config is not None)
    with st.expander("Reference design", expanded=True):
        st.markdown(case.reference_design)
    with st.expander("Back-of-envelope numbers"):
        st.markdown(case.back_of_envelope)
    st.subheader("Follow-ups an interviewer would ask")
    for fu in case.follow_ups:
        with st.expander(fu.question):
            st.markdown(fu.answer)
    st.subheader("Common pitfalls")
    st.markdown("\n".join(f"- {p}" for p in case.pitfalls))
    if st.button("Answer this case again", key=f"d_again_{case_id}"):
        st.session_state["d_state"].pop(case_id, None)
        st.session_state.pop(answer_key, None)
        st.rerun()

history = attempts_for(store, "case", case_id, limit=50)
if history:
    st.subheader("Your answers to this case")
    rows = [{"When (UTC)": a.created_at.strftime("%Y-%m-%d %H:%M"), "Score": a.score,
             "Minutes": round((a.duration_s or 0) / 60, 1), "Words": len(a.details.get("answer", "").split()),
             "Over time": a.details.get("over_time", False)} for a in history]
    st.dataframe(rows, hide_index=True, width="stretch")
    if len(history) >= 2:
        st.line_chart([{"answer": i + 1, "score": a.score} for i, a in enumerate(reversed(history))], x="answer", y="score")
