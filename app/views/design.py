
import streamlit as st

from app import state
from app.widgets.click_requests import pending, record
from app.widgets.code_input import answer_input
from app.widgets.countdown import countdown, elapsed_clock, time_scale
from design_cases.self_review import weighted_score
from progress import design_attempt as da
from progress.attempts import attempts_for, update_attempt_details
from question_bank.taxonomy import load_taxonomy

LEVEL_NAMES = {1: "1 · missing or wrong", 2: "2 · superficial", 3: "3 · solid", 4: "4 · excellent"}
SUBMIT_REQUEST = "design_submit_request"  # a click request (app.widgets.click_requests): (case id, attempt start)


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
        if llm.get("fallback_reason") and llm["scorer"] == "llm":
            st.info(f"LLM judge: {llm['fallback_reason']}.")
        elif llm.get("fallback_reason"):
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
    found = offline.get("misconceptions") or []
    if not found:
        st.caption(f"No false claim recognised. The offline scorer knows {len(case.rubric.misconceptions)} common "
                   "wrong claims for this case and recognises them only when worded closely; check your reasoning "
                   "against the pitfalls and the reference design"
                   + (", or ask the LLM judge." if judge_configured and not llm else "."))
    if found:
        st.error(f"False claims: {len(found)}. Each costs its criterion and caps it at level 2; an interviewer "
                 "would stop you here.")
        for m in found:
            with st.container(border=True):
                st.markdown(f"**You wrote:** {m['evidence']}")
                st.markdown(f"**The claim:** {m['claim']}" + ("  \n*You also denied it elsewhere: a "
                                                            "self-contradiction.*" if m.get("contradicted") else ""))
                st.markdown(f"**What is true:** {m['correction']}")
    for c in offline["criteria"]:
        with st.expander(f"{c['name']}: evidence and what is missing"):
            for k in c["key_points"]:
                mark = {"covered": ":green[covered]", "partial": ":orange[partial]",
                        "missing": ":red[missing]"}[k["status"]]
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
                answers = [{"question": q, "answer": a} for q, a in zip(sub["follow_ups"], replies, strict=True)]
                update_attempt_details(state.store(), sub["attempt_id"], {"follow_up_answers": answers})
                st.success("Saved with this attempt.")


library = state.catalog().cases
store = state.store()
topic_names = load_taxonomy().topic_names()

# The attempt (draft, clock, clarifying questions asked, submitted result) lives in
# progress.design_attempt and is stored on every change: a reload resumes it as it was.

st.title("System design")

cases = library.cases
# Filters in the page, not the sidebar: Streamlit redraws every select widget in the sidebar on each script
# run (about 30 ms each on this machine), which made every click on this page slower.
with st.expander("Filters"):
    c1, c2, c3 = st.columns(3)
    styles = c1.multiselect("Company style", sorted({c.company_style for c in cases}), key="d_styles")
    levels = c2.multiselect("Level", ["mid", "senior", "staff"], key="d_levels")
    topics = c3.multiselect("Topic", sorted({t for c in cases for t in c.topics}),
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

expired_flag = f"d_expired_{case_id}"
st.session_state.pop(expired_flag, None)
A = da.tick(store, case_id)  # at the deadline the attempt is marked over time; the user may finish untimed
answer_key = f"d_answer_{case_id}_{A.editor_rev}"


def _start(minutes: int | None) -> None:
    da.start(store, case_id, minutes * 60 * time_scale() if minutes else None)


def _ask(index: int) -> None:
    da.ask(store, case_id, index)


def _again() -> None:
    da.again(store, case_id)


st.markdown(f"### {case.title}")
st.caption(f"{case.company_style} style · {case.level} · budget {case.time_budget_min} min · "
           + ", ".join(topic_names.get(t, t) for t in case.topics))
st.markdown(case.prompt)

if A.status == "new":
    c1, c2 = st.columns(2)
    c1.button(f"Start ({case.time_budget_min} min)", type="primary", key=f"d_{case_id}_start", on_click=_start,
              args=(case.time_budget_min,))
    c2.button("Practice untimed", key=f"d_{case_id}_untimed", on_click=_start, args=(None,))
else:
    main, side = st.columns([3, 1])
    with side:
        if A.over_time and A.status == "running":
            st.metric("Time left", "00:00")
            st.warning("Time is up: this answer will be marked over time. Finish untimed.")
        elif A.deadline is not None and A.status == "running":
            countdown(A.deadline, expired_flag)
        elif A.status == "running" and A.started_at is not None:
            elapsed_clock(A.started_at)
        st.markdown("**Clarifying questions**")
        st.caption(f"Asked {len(A.asked)} of {len(case.clarifying_questions)}")
        for i, cq in enumerate(case.clarifying_questions):
            if i in A.asked:
                with st.expander(cq.question, expanded=False):
                    st.markdown(cq.answer)
            elif A.status == "running":
                st.button(f"Ask: {cq.question}", key=f"d_ask_{case_id}_{i}", on_click=_ask, args=(i,))

    with main:
        st.markdown("**Your design** (requirements, estimates, architecture, data, model, serving, evaluation, "
                    "trade-offs)")
        if A.status == "running":
            text = answer_input(A.draft, key=answer_key)
            if text != A.draft:
                A = da.edit(store, case_id, text)  # saved within a second of typing, before any reload
            st.caption(f"{len(A.draft.split())} words · draft saved as you type")
        else:
            st.markdown(A.draft)

    if A.status == "running":
        st.subheader("Self-review")
        st.write("Tick the key points your answer covers and pick a level per criterion. Be strict: "
                 "'covered' means an interviewer would hear it, with specifics.")
        if not A.rubric_visible():
            st.caption("Timed attempt: the rubric's key points and levels open when time is up or you submit. "
                       "Submit first, then review yourself against them.")
        levels_chosen: dict[str, int] = {}
        for crit in case.rubric.criteria:
            with st.expander(f"{crit.name} · weight {crit.weight}", expanded=False):
                if A.rubric_visible():
                    for kp in crit.key_points:
                        st.checkbox(kp.text, key=f"d_kp_{case_id}_{crit.id}_{kp.id}")
                    st.markdown("\n".join(f"- **{LEVEL_NAMES[i + 1]}**: {d}" for i, d in enumerate(crit.levels)))
                levels_chosen[crit.id] = st.radio("Level", [1, 2, 3, 4], index=0, horizontal=True,
                                                  format_func=lambda n: LEVEL_NAMES[n],
                                                  key=f"d_level_{case_id}_{crit.id}")
        preview = weighted_score(case, levels_chosen)
        st.metric("Self-review score", f"{preview:.0f} / 100")
        # Carried out after this run has saved the latest draft; the request names the attempt, so a restarted
        # one ignores it.
        st.button("Submit answer and self-review", type="primary", key=f"d_submit_{case_id}",
                  disabled=not A.draft.strip(), on_click=record, args=(SUBMIT_REQUEST, case_id, A.started_at))
        # (The draft may have been emptied since the click: then there is nothing to submit.)
        if pending(SUBMIT_REQUEST) == (case_id, A.started_at) and A.draft.strip():
            covered = {c.id: [kp.id for kp in c.key_points if st.session_state.get(f"d_kp_{case_id}_{c.id}_{kp.id}")]
                       for c in case.rubric.criteria}
            da.submit(store, case_id, A.draft, levels_chosen, covered, preview, case=case)
            st.rerun()
    else:
        sub = A.submission
        st.success(f"Submitted. Self-review score: {sub['score']:.0f} / 100.")
        config = state.judge_config()
        if config is not None and sub.get("llm") is None:
            from app.widgets.llm_panel import design_judge
            from evaluators.llm_judge import ask_follow_ups, rubric_score_from_dict

            llm, outcomes = design_judge(case, A.draft, config, sub["offline"], store, key=f"d_llm_{case_id}")
            judged = rubric_score_from_dict(llm)
            with st.spinner("The interviewer prepares follow-up questions..."):
                questions, _ = ask_follow_ups(case, A.draft, judged, config) if judged.scorer == "llm" else ([], None)
            sub = da.update_submitted(store, case_id, {"llm": llm, "llm_outcomes": outcomes,
                                                       "follow_ups": questions}).submission
            update_attempt_details(store, sub["attempt_id"], {"llm_score": sub["llm"], "follow_ups": questions})
        _score_panel(case, sub, config is not None)
        if sub.get("llm_outcomes"):
            from app.widgets.llm_panel import judge_notes

            judge_notes(case, sub["llm_outcomes"])
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
        st.button("Answer this case again", key=f"d_again_{case_id}", on_click=_again)

history = attempts_for(store, "case", case_id, limit=50)
if history:
    st.subheader("Your answers to this case")
    rows = [{"When": a.created_at.astimezone().strftime("%Y-%m-%d %H:%M"), "Self-review": a.score,
             "Offline scorer": (a.details.get("offline_score") or {}).get("total"),
             "LLM judge": (a.details.get("llm_score") or {}).get("total"),
             "Minutes": round((a.duration_s or 0) / 60, 1), "Words": len(a.details.get("answer", "").split()),
             "Over time": a.details.get("over_time", False)} for a in history]
    st.dataframe(rows, hide_index=True, width="stretch")
    for a in history:
        with st.expander(f"Answer of {a.created_at.astimezone():%Y-%m-%d %H:%M} · self-review {a.score:.0f}"):
            st.markdown(a.details.get("answer", ""))
    if len(history) >= 2:
        st.line_chart([{"answer": i + 1, "score": a.score} for i, a in enumerate(reversed(history))],
                      x="answer", y="score")
