import time

import streamlit as st

from app import state
from app.widgets.code_input import code_input, reset_code
from app.widgets.countdown import countdown, format_left, start_buttons
from progress.attempts import attempts_for, item_statuses, record_attempt
from question_bank.taxonomy import load_taxonomy

catalogue = state.catalog().katas
taxonomy = load_taxonomy()
area_names, topic_names = taxonomy.area_names(), taxonomy.topic_names()
store = state.store()
statuses = item_statuses(store, "kata")

st.title("Coding katas")

with st.sidebar:
    st.header("Filters")
    entries = catalogue.katas
    areas = st.multiselect("Area", sorted({e.kata.area for e in entries}), format_func=area_names.get, key="k_areas")
    topic_options = sorted({e.kata.topic for e in entries if not areas or e.kata.area in areas})
    topics = st.multiselect("Topic", topic_options, format_func=lambda t: topic_names.get(t, t), key="k_topics")
    difficulties = st.multiselect("Difficulty", ["easy", "medium", "hard"], key="k_difficulties")
    runtimes = st.multiselect("Runtime", ["numpy", "torch", "python"], key="k_runtimes")
    status_filter = st.multiselect("Status", ["new", "attempted", "solved"], key="k_status")

query = st.text_input("Search", key="k_query", placeholder="e.g. attention, cache, regression").strip().lower()


def _matches(entry) -> bool:
    k = entry.kata
    status = statuses.get(k.id, "new")
    text = " ".join([k.id, k.title, *k.tags, k.topic]).lower()
    return ((not areas or k.area in areas) and (not topics or k.topic in topics)
            and (not difficulties or k.difficulty in difficulties) and (not runtimes or k.runtime in runtimes)
            and (not status_filter or status in status_filter) and (not query or all(w in text for w in query.split())))


shown = [e for e in entries if _matches(e)]
st.caption(f"{len(shown)} of {len(entries)} katas · solved {sum(s == 'solved' for s in statuses.values())}")
if not shown:
    st.info("No kata matches these filters and search.")
    st.stop()

by_id = {e.kata.id: e for e in shown}
marks = {"solved": "[solved] ", "attempted": "[tried] ", "new": ""}
# Deep links: ?kata=<id> opens that kata (once per link), and the URL follows the selection.
linked = st.query_params.get("kata")
if linked in by_id and st.session_state.get("k_link_applied") != linked:
    st.session_state["k_selected"] = linked
    st.session_state["k_link_applied"] = linked
if st.session_state.get("k_selected") not in by_id:
    st.session_state["k_selected"] = shown[0].kata.id
kata_id = st.selectbox(
    "Kata", list(by_id), key="k_selected",
    format_func=lambda i: f"{marks[statuses.get(i, 'new')]}{by_id[i].kata.title} · {by_id[i].kata.difficulty} · "
                          f"{by_id[i].kata.runtime} · {by_id[i].kata.time_budget_min} min",
)
entry = by_id[kata_id]
kata = entry.kata
st.query_params["kata"] = kata_id
st.session_state["k_link_applied"] = kata_id

# Per-kata session state: the attempt's start, deadline, hints shown, solution revealed.
S = st.session_state.setdefault("k_state", {}).setdefault(kata_id, {
    "started": None, "deadline": None, "hints": 0, "revealed": False, "over_time": False, "last": None,
})
expired_flag = f"k_expired_{kata_id}"

st.caption(f"{area_names.get(kata.area)} › {topic_names.get(kata.topic)} · {kata.difficulty} · runtime {kata.runtime}"
           f" · budget {kata.time_budget_min} min")

if S["started"] is None:
    st.markdown(f"### {kata.title}")
    st.write(f"The prompt and the editor open when you start. You have {kata.time_budget_min} minutes; "
             "when time runs out the attempt is recorded as over time and you may finish untimed.")
    start_buttons(S, kata.time_budget_min, key=f"k_{kata_id}")
    history = attempts_for(store, "kata", kata_id, limit=20)
    if history:
        st.caption(f"{len(history)} earlier attempt(s); last: {history[0].result} on {history[0].created_at:%Y-%m-%d}")
    st.stop()


def _record(result: str, grade=None, mode: str = "submit") -> None:
    details = {
        "mode": mode, "hints_used": S["hints"], "revealed": S["revealed"], "over_time": S["over_time"],
        "code": st.session_state.get("k_code_now", ""),
    }
    if grade is not None:
        details["verdicts"] = {t.name: t.verdict for t in grade.tests}
        details["summary"] = grade.summary
        details["sandbox"] = grade.sandbox
    score = grade.summary["passed"] / grade.summary["total"] if grade is not None and grade.summary["total"] else None
    record_attempt(store, "kata", kata_id, result, duration_s=round(time.time() - S["started"], 1), score=score,
                   details=details)


# Time: at zero, record the over-time attempt once, then let the user carry on untimed.
if S["deadline"] is not None and not S["over_time"]:
    if st.session_state.get(expired_flag) or time.time() >= S["deadline"]:
        S["over_time"] = True
        _record("over_time", mode="timer")
        st.session_state.pop(expired_flag, None)
        st.rerun()

left_col, right_col = st.columns([3, 1])
with right_col:
    if S["over_time"]:
        st.metric("Time left", "00:00")
        st.warning("Time is up: recorded as over time. Keep going untimed.")
    elif S["deadline"] is not None:
        countdown(S["deadline"], expired_flag)
    else:
        st.metric("Untimed", format_left(time.time() - S["started"]))
    n_hints = len(kata.hints)
    for i in range(S["hints"]):
        st.info(f"Hint {i + 1}: {kata.hints[i]}")
    if S["hints"] < n_hints and st.button(f"Show a hint ({S['hints'] + 1} of {n_hints})", key=f"k_hint_{kata_id}"):
        S["hints"] += 1
        st.rerun()
    if not S["revealed"] and st.button("Give up and show the solution", key=f"k_giveup_{kata_id}"):
        S["revealed"] = True
        _record("gave_up", mode="give_up")
        st.rerun()
    if st.button("Restart this kata", key=f"k_restart_{kata_id}"):
        st.session_state["k_state"].pop(kata_id, None)
        reset_code(f"k_editor_{kata_id}")
        st.rerun()

with left_col:
    with st.expander("Prompt", expanded=True):
        st.markdown(entry.prompt)
    code = code_input(entry.starter, key=f"k_editor_{kata_id}")
    st.session_state["k_code_now"] = code
    b1, b2, _ = st.columns([1, 1, 3])
    run_samples = b1.button("Run samples", key=f"k_samples_{kata_id}")
    submit = b2.button("Submit", type="primary", key=f"k_submit_{kata_id}")

if run_samples or submit:
    with st.spinner("Grading in the sandbox..."):
        result = state.grader().grade(kata_id, code, samples_only=run_samples and not submit)
    S["last"] = result.to_dict()
    if submit:
        _record(result.status, result)
        if result.passed:
            S["revealed"] = True
    else:
        _record(f"samples_{result.status}", result, mode="samples")

last = S["last"]
if last:
    passed, total = last["summary"]["passed"], last["summary"]["total"]
    headline = f"{passed}/{total} tests passed"
    if last["status"] == "pass":
        st.success(f"All tests passed: {headline}.")
    elif last["status"] == "error":
        st.error(f"Your code could not be run: {headline}.")
    else:
        st.error(f"Not yet: {headline}.")
    if last.get("sandbox") == "reduced":
        st.warning("Reduced sandbox: " + "; ".join(last.get("sandbox_notes", [])))
    first_failure = next((t["name"] for t in last["tests"] if t["verdict"] != "AC"), None)
    for t in last["tests"]:
        icon = ":green[:material/check_circle:]" if t["verdict"] == "AC" else ":red[:material/cancel:]"
        with st.expander(f"{icon} {t['verdict']} · {t['visibility']} · {t['name']}",
                         expanded=t["name"] == first_failure):
            if t["description"]:
                st.caption(t["description"])
            if t["verdict"] != "AC":
                st.write(t["message"])
            if t["visibility"] == "sample" and t.get("input"):
                st.code(t["input"], language="python")
                if t.get("got") is not None:
                    st.markdown("**Expected**")
                    st.code(t["expected"], language="text")
                    st.markdown("**Got**")
                    st.code(t["got"], language="text")
            if t.get("traceback") and t["verdict"] != "AC":
                st.code(t["traceback"], language="text")
            if t.get("output"):
                st.markdown("**Your output**")
                st.code(t["output"], language="text")

if S["revealed"]:
    with st.expander("Reference solution", expanded=False):
        st.code(entry.solution, language="python")

history = attempts_for(store, "kata", kata_id, limit=20)
if history:
    st.subheader("Your attempts")
    st.dataframe(
        [{"When (UTC)": f"{a.created_at:%Y-%m-%d %H:%M}", "Result": a.result, "Mode": a.details.get("mode", ""),
          "Passed": (f"{a.details['summary']['passed']}/{a.details['summary']['total']}"
                     if "summary" in a.details else ""),
          "Minutes": round((a.duration_s or 0) / 60, 1), "Hints": a.details.get("hints_used", 0),
          "Over time": a.details.get("over_time", False)} for a in history],
        hide_index=True, width="stretch",
    )
