import streamlit as st

from app import state
from app.widgets.click_requests import pending, record
from app.widgets.code_input import answer_input, code_input
from app.widgets.countdown import countdown, format_left, time_scale
from app.widgets.mock_followups import offline_follow_ups
from evaluators.scoring import prepare_question
from progress import mock_interview as mock
from progress.clock import from_db
from question_bank.taxonomy import load_taxonomy

TIME_SCALE = time_scale()
TYPE_NAMES: dict[mock.RoundType, str] = {
    "concepts": "ML concepts rapid-fire", "backend": "Backend concepts", "coding": "Coding",
    "design": "System design", "behavioral": "Behavioral",
}

catalog = state.catalog()
store = state.store()
taxonomy = load_taxonomy()
area_names = taxonomy.area_names()

st.title("Mock interview")
# Click requests (app.widgets.click_requests): Finish names (session id, round index); Pause and Resume add the
# action.
FINISH_REQUEST = "mock_finish_request"
CLOCK_REQUEST = "mock_clock_request"

session_id = st.query_params.get("mock") or st.session_state.get("mock_id")
stored = mock.load(store, session_id) if session_id else None

if stored is None:
    running = [s for s in mock.sessions(store) if s["status"] == "running"]
    if running:
        st.subheader("Resume")
        for s in running[:5]:
            if st.button(f"Resume {mock.PRESETS.get(s['role'], (s['role'],))[0]} started "
                         f"{s['started_at'].astimezone():%Y-%m-%d %H:%M}", key=f"mock_resume_{s['id']}"):
                st.session_state["mock_id"] = s["id"]
                st.query_params["mock"] = s["id"]
                st.rerun()
    st.subheader("New mock")
    roles = list(mock.PRESETS) + ["custom"]
    role = st.selectbox("Role", roles, key="mock_role",
                        format_func=lambda r: mock.PRESETS[r][0] if r in mock.PRESETS else "Custom")
    modes: list[mock.Mode] = ["strict", "practice"]
    mode = st.radio("Mode", modes, horizontal=True, key="mock_mode",
                    help="Strict: no pausing, no reference answers until the report. "
                         "Practice: pause and see references.")
    seed = st.number_input("Seed (0 = random)", min_value=0, max_value=10**6, value=0, key="mock_seed")
    specs: list[mock.RoundSpec] | None = None
    if role == "custom":
        types = st.multiselect("Rounds", list(TYPE_NAMES), default=["concepts", "coding"],
                               format_func=lambda t: TYPE_NAMES[t], key="mock_types")
        areas = st.multiselect("Areas (concept and coding rounds)", [a.id for a in taxonomy.areas],
                               format_func=lambda a: area_names[a], key="mock_areas")
        difficulty = st.multiselect("Difficulty", ["easy", "medium", "hard"], key="mock_difficulty")
        specs = []
        for t in types:
            minutes = st.number_input(f"{TYPE_NAMES[t]}: minutes", 5, 90, 15 if t != "design" else 40,
                                      key=f"mock_min_{t}")
            count = 1 if t == "design" else st.number_input(f"{TYPE_NAMES[t]}: items", 1, 10, 3 if t != "coding" else 1,
                                                             key=f"mock_n_{t}")
            specs.append(mock.RoundSpec(t, int(minutes), int(count),
                                        areas=tuple(areas) if t in ("concepts", "coding", "backend") else
                                        ("behavioral",) if t == "behavioral" else (),
                                        difficulty=tuple(difficulty) if t != "design" else ()))
    else:
        st.caption(" → ".join(f"{TYPE_NAMES[s.type]} ({s.minutes} min)" for s in mock.PRESETS[role][1]))
    if st.button("Start the mock", type="primary", key="mock_start", disabled=role == "custom" and not specs):
        created = mock.create_session(store, catalog, role, rounds=specs, seed=int(seed) or None, mode=mode,
                                      time_scale=TIME_SCALE)
        st.session_state["mock_id"] = created.id
        st.query_params["mock"] = created.id
        st.rerun()
    previous = [s for s in mock.sessions(store) if s["status"] == "finished"]
    if previous:
        st.subheader("Past mocks")
        st.table([{"When": f"{s['started_at'].astimezone():%Y-%m-%d %H:%M}", "Role": s["role"],
                   "Signal": s["report"]["signal"], "Seed": s["seed"]} for s in previous[:10]])
    st.stop()

st.query_params["mock"] = stored.id
grader = state.grader()
before = stored.current
session = mock.enforce_deadlines(store, stored, catalog, grader, time_scale=TIME_SCALE)
for n in range(before, session.current):
    # Said out loud: a round that ran out is locked with what was typed up to then.
    st.warning(f"Round {n + 1} ({TYPE_NAMES[session.rounds[n].type]}) ran out of time and was locked with "
               "your answers as they were.", icon=":material/timer_off:")

if session.status == "finished":
    rep = session.report
    if rep is None:  # cannot happen: _finish sets the status and the report together
        st.error("This mock is finished but has no report.")
        st.stop()
    box = {"strong hire": st.success, "hire": st.success, "lean no": st.warning}.get(rep["signal"], st.error)
    box(f"Signal: **{rep['signal']}**. {rep['why']}")
    st.caption(f"Seed {rep['seed']} · {session.mode} mode")
    st.table([{"Round": TYPE_NAMES[r["type"]], "Score": f"{r['score']:.0f}",
               "Minutes used": f"{r['minutes_used']:.1f}" if r["minutes_used"] is not None else "-",
               "Timed out": "yes" if r["timed_out"] else ""} for r in rep["rounds"]])
    st.subheader("Your answers and the references")
    for i, r in enumerate(rep["rounds"], 1):
        st.markdown(f"**Round {i}: {TYPE_NAMES[r['type']]}** · {r['score']:.0f}/100"
                    + (" · timed out" if r["timed_out"] else ""))
        for a in r.get("answers", []):
            score = f" · {a['score']:.0f}/100" if a.get("score") is not None else ""
            with st.expander(f"{a['title'][:110]}{score}"):
                st.markdown("**Your answer**")
                if r["type"] == "coding":
                    st.code(a["answer"] or "# not submitted", language="python")
                else:
                    st.markdown(a["answer"] or "_(no answer)_")
                if a.get("self_check") is not None:
                    st.caption("Your STAR self-check (not scored): " + (", ".join(a["self_check"]) or "none ticked"))
                st.markdown("**Reference**")
                if r["type"] == "coding":
                    st.code(a["reference"], language="python")
                else:
                    st.markdown(a["reference"])
                if a.get("missed"):
                    st.markdown("**Missed:** " + "; ".join(a["missed"]))
        for n, f in enumerate(r.get("follow_ups") or [], 1):  # the interviewer's follow-ups on the design
            score = f" · {f['score']:.0f}/100" if f.get("score") is not None else ""
            with st.expander(f"Follow-up {n}: {f['question'][:100]}{score}"):
                if f.get("criterion"):
                    st.caption(f"Probes {f['criterion']} (level {f['level']} of 4 in your design)")
                st.markdown("**Your answer**")
                st.markdown(f["answer"] or "_(no answer)_")
                if f.get("reference"):
                    st.markdown("**Reference**")
                    st.markdown(f["reference"])
                if f.get("missed"):
                    st.markdown("**Missed:** " + "; ".join(f["missed"]))
    if rep.get("previous"):
        st.subheader("Compared with your previous mocks for this role")
        st.table(rep["previous"])
    st.caption("Items you scored under 50 on are now due in your drills.")
    st.download_button("Export the report (Markdown)", mock.report_markdown(session, catalog),
                       file_name=f"mock-{session.id}.md", key="mock_export")
    if st.button("New mock", key="mock_new"):
        st.session_state.pop("mock_id", None)
        st.query_params.clear()
        st.rerun()
    st.stop()

idx = session.current
r = session.rounds[idx]  # the session is running (a finished one stopped above): session.round is not None
previous_round = session.rounds[idx - 1] if idx > 0 else None
if previous_round is not None and previous_round.type == "design" and previous_round.result is not None:
    config = state.judge_config()
    asked = previous_round.result.get("follow_ups")
    if config is None and (asked is None or "follow_up_refs" in previous_round.result):
        offline_follow_ups(store, session, previous_round, catalog, mock.save)  # issue 18: no judge
        asked = None
    if config is not None and asked is None:
        from evaluators.llm_judge import ask_follow_ups
        from evaluators.rubric_scoring import score_design

        case = catalog.cases.by_id()[previous_round.items[0]]
        answer = previous_round.answers.get(case.id, "")
        with st.spinner("The interviewer is reading your design..."):
            asked, _ = ask_follow_ups(case, answer, score_design(case, answer), config)
        previous_round.result["follow_ups"] = asked
        mock.save(store, session)
    if asked:
        with st.container(border=True):
            st.markdown("**Before the next round, the interviewer follows up on your design:**")
            replies = previous_round.answers.setdefault("_follow_up_answers", {})
            for i, q in enumerate(asked):
                reply = st.text_area(q, value=replies.get(str(i), ""), key=f"mock_fu_{session.id}_{i}")
                if replies.get(str(i)) != reply:
                    replies[str(i)] = reply
                    mock.save(store, session)
st.subheader(f"Round {idx + 1} of {len(session.rounds)}: {TYPE_NAMES[r.type]}")
expired_flag = f"mock_expired_{session.id}_{idx}"
clock_request = pending(CLOCK_REQUEST)  # before the clock is drawn
if clock_request == (session.id, idx, "pause"):
    mock.pause(store, session)
elif clock_request == (session.id, idx, "resume"):
    mock.resume(store, session)
left_col, right_col = st.columns([3, 1])
with right_col:
    if r.deadline is None:
        st.metric("Paused", format_left(r.answers.get("_paused_left_s", 0)))
        st.button("Resume the clock", key="mock_unpause", on_click=record,
                  args=(CLOCK_REQUEST, session.id, idx, "resume"))
    else:
        countdown(from_db(r.deadline).timestamp(), expired_flag, label="Round time left")
        if session.deadline is not None:
            st.caption(f"Session ends {from_db(session.deadline).astimezone():%H:%M:%S}")
        if session.mode == "practice":
            st.button("Pause", key="mock_pause", on_click=record, args=(CLOCK_REQUEST, session.id, idx, "pause"))
if st.session_state.pop(expired_flag, None):
    st.rerun()  # the deadline passed: the next run locks this round


def _save_answer(key: str, value) -> None:
    if r.answers.get(key) != value:
        r.answers[key] = value
        mock.save(store, session)


with left_col:
    if r.type in ("concepts", "backend"):
        by_id = catalog.bank.by_id()
        for n, qid in enumerate(r.items, 1):
            prepare_question(by_id[qid])  # the round's scoring at its end then costs what later checks do
            st.markdown(f"**{n}. {by_id[qid].prompt}**")
            text = answer_input(r.answers.get(qid, ""), key=f"mock_{session.id}_{idx}_{qid}", min_lines=5,
                                max_lines=20)
            _save_answer(qid, text)  # arrives while typing: a clock running out keeps it
            if session.mode == "practice":
                with st.expander("Reference answer (practice mode)"):
                    st.markdown(by_id[qid].answer)
    elif r.type == "behavioral":
        by_id = catalog.bank.by_id()
        for qid in r.items:
            st.markdown(f"**{by_id[qid].prompt}**")
            st.caption("Your STAR answer")
            text = answer_input(r.answers.get(qid, {}).get("text", ""), key=f"mock_{session.id}_{idx}_{qid}",
                                min_lines=6, max_lines=24)
            checks = [c for c in mock.STAR_CHECKS if st.checkbox(
                c, value=c in r.answers.get(qid, {}).get("checks", []), key=f"mock_{session.id}_{idx}_{qid}_{c}")]
            _save_answer(qid, {"text": text, "checks": checks})
    elif r.type == "design":
        case = catalog.cases.by_id()[r.items[0]]
        st.markdown(f"**{case.title}**\n\n{case.prompt}")
        with st.expander("Clarifying questions"):
            for cq in case.clarifying_questions:
                st.markdown(f"- **{cq.question}** {cq.answer}")
        st.caption("Your design")
        text = answer_input(r.answers.get(case.id, ""), key=f"mock_{session.id}_{idx}_{case.id}", min_lines=16)
        _save_answer(case.id, text)
    else:
        katas = catalog.katas.by_id()
        for kid in r.items:
            entry = katas[kid]
            with st.expander(f"{entry.kata.title} ({entry.kata.difficulty})", expanded=len(r.items) == 1):
                st.markdown(entry.prompt)
            code = code_input(r.answers.get(kid, {}).get("code") or entry.starter, key=f"mock_{session.id}_{idx}_{kid}")
            if st.button(f"Submit {kid}", key=f"mock_submit_{session.id}_{idx}_{kid}"):
                with st.spinner("Grading..."):
                    result = grader.grade(kid, code).to_dict()
                _save_answer(kid, {"code": code, "result": result})
            graded = r.answers.get(kid, {}).get("result")
            if graded:
                st.caption(f"Last submission: {graded['summary']['passed']}/{graded['summary']['total']} tests passed")
            elif code != entry.starter:
                _save_answer(kid, {"code": code})

# Carried out after this run has saved the answers (a click request: it survives a run cut short by a rerun).
st.button("Finish this round", type="primary", key=f"mock_finish_{session.id}_{idx}", on_click=record,
          args=(FINISH_REQUEST, session.id, idx))
if pending(FINISH_REQUEST) == (session.id, idx):
    mock.finish_round(store, session, catalog, grader, time_scale=TIME_SCALE)
    st.rerun()
