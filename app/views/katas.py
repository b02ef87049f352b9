import time
from functools import partial

import streamlit as st

from app import state
from app.guard import guarded
from app.widgets.code_input import code_input, editor_text
from app.widgets.countdown import countdown, elapsed_clock, format_left, time_scale
from app.widgets.custom_input import custom_input
from app.widgets.iterations import iterations_panel
from app.widgets.kata_table import kata_table
from coding_katas.scenarios import load_scenarios
from evaluators.tolerance import tolerance_line
from progress import kata_attempt as ka
from progress.attempts import attempts_for, item_statuses
from progress.kata_table import learning_order
from progress.kata_table import rows as kata_rows
from question_bank.taxonomy import load_taxonomy

# The attempt (clock, hints, code, last grade) lives in progress.kata_attempt, stored on every change;
# this page draws it and dispatches clicks through callbacks that name the kata they were drawn for,
# so a click can never land on another kata than the one on screen.

catalogue = state.catalog().katas
taxonomy = load_taxonomy()
area_names, topic_names = taxonomy.area_names(), taxonomy.topic_names()
store = state.store()


def _editor_key(kata_id: str, rev: int) -> str:
    return f"k_editor_{kata_id}_{rev}"


# -- actions (callbacks run before the page is drawn, so the page always shows their outcome) --------------
def _start(kata_id: str, minutes: int | None) -> None:
    ka.start(store, kata_id, minutes * 60 * time_scale() if minutes else None)


@guarded
def _grade(kata_id: str, samples: bool) -> None:
    entry = catalogue.by_id()[kata_id]
    a = ka.load(store, kata_id)
    ka.grade(store, state.grader(), kata_id, entry.starter, editor_text(_editor_key(kata_id, a.editor_rev)),
             samples=samples)


def _code_now(kata_id: str) -> str:
    """What the editor shows now (for custom input), as _grade reads it."""
    a = ka.load(store, kata_id)
    return editor_text(_editor_key(kata_id, a.editor_rev)) or a.source(catalogue.by_id()[kata_id].starter)


def _hint(kata_id: str, n: int) -> None:
    ka.hint(store, kata_id, n)


def _give_up(kata_id: str) -> None:
    ka.give_up(store, kata_id)


def _restart(kata_id: str) -> None:
    ka.restart(store, kata_id)


def _pick_from_table() -> None:
    rows = st.session_state["k_table"].selection.rows
    ids = st.session_state.get("k_table_ids", [])
    if rows and rows[0] < len(ids):
        st.session_state["k_selected"] = ids[rows[0]]


statuses = item_statuses(store, "kata")
st.title("Coding katas")

entries = learning_order(catalogue.katas, taxonomy.phase_of)  # issue 18: by learning phase, then difficulty
# Filters in the page, not the sidebar: Streamlit redraws every select widget in the sidebar on each script
# run (about 30 ms each on this machine), which made every click on this page slower.
with st.expander("Filters"):
    c1, c2, c3 = st.columns(3)
    areas = c1.multiselect("Area", sorted({e.kata.area for e in entries}), format_func=lambda a: area_names[a],
                           key="k_areas")
    topic_options = sorted({e.kata.topic for e in entries if not areas or e.kata.area in areas})
    topics = c2.multiselect("Topic", topic_options, format_func=lambda t: topic_names.get(t, t), key="k_topics")
    difficulties = c3.multiselect("Difficulty", ["easy", "medium", "hard"], key="k_difficulties")
    runtimes = c1.multiselect("Runtime", ["numpy", "torch", "python"], key="k_runtimes")
    status_filter = c2.multiselect("Status", ["new", "attempted", "solved"], key="k_status")

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
with st.expander("Table view: status, difficulty, topic, best time (click a row to open it)",
                 expanded="k_selected" not in st.session_state):
    kata_table(kata_rows(store, shown, taxonomy.phase_of), topic_names, _pick_from_table)  # issue 18

# Deep links: ?kata=<id> opens that kata (once per link), and the URL follows the selection.
linked = st.query_params.get("kata")
if linked in by_id and st.session_state.get("k_link_applied") != linked:
    st.session_state["k_selected"] = linked
    st.session_state["k_link_applied"] = linked
if st.session_state.get("k_selected") not in by_id:
    st.session_state["k_selected"] = shown[0].kata.id
# The label must not change when the status does: the browser sends the selection back as its label,
# and a label that no longer exists silently selected the first kata (and dropped a submission).
kata_id = st.selectbox(
    "Kata", list(by_id), key="k_selected",
    format_func=lambda i: f"{by_id[i].kata.title} · {by_id[i].kata.difficulty} · {by_id[i].kata.runtime} · "
                          f"{by_id[i].kata.time_budget_min} min",
)
entry = by_id[kata_id]
kata = entry.kata
st.query_params["kata"] = kata_id
st.session_state["k_link_applied"] = kata_id

expired_flag = f"k_expired_{kata_id}"
st.session_state.pop(expired_flag, None)
attempt = ka.tick(store, kata_id)  # at the deadline: one over-time attempt, once
now = time.time()

st.caption(f"{area_names.get(kata.area)} › {topic_names.get(kata.topic)} · {kata.difficulty} · runtime {kata.runtime}"
           f" · budget {kata.time_budget_min} min · {statuses.get(kata_id, 'new')}")

if attempt.status == "new":  # reading: prompt and start buttons
    left_col, right_col = st.columns([3, 1])
    prompt_col = left_col
else:  # issue 18: once the clock runs, prompt and editor side by side under one bar (clock, hints, buttons)
    right_col = st.container(horizontal=True, vertical_alignment="center")
    prompt_col, left_col = st.columns([5, 7])
with prompt_col:
    with st.expander(f"Prompt: {kata.title}", expanded=True):
        st.markdown(entry.prompt)
    iterations_panel(store, kata_id, entry.solution)  # issue 18: past submissions and their diffs

if attempt.status == "new":
    with right_col:
        st.write(f"Budget: {kata.time_budget_min} minutes. When it runs out the attempt is recorded as over "
                 "time and you may finish untimed.")
        st.button(f"Start ({kata.time_budget_min} min)", type="primary", key=f"k_{kata_id}_start",
                  on_click=_start, args=(kata_id, kata.time_budget_min))
        st.button("Practice untimed", key=f"k_{kata_id}_untimed", on_click=_start, args=(kata_id, None))
    history = attempts_for(store, "kata", kata_id, limit=20)
    if history:
        st.caption(f"{len(history)} earlier attempt(s); last: {history[0].result} on "
                   f"{history[0].created_at.astimezone():%Y-%m-%d %H:%M}")
    st.stop()

with right_col:
    if attempt.status == "solved":
        st.metric("Solved in", format_left(attempt.elapsed(now)))
    elif attempt.status == "gave_up":
        st.metric("Stopped at", format_left(attempt.elapsed(now)))
    elif attempt.over_time:
        st.metric("Time left", "00:00")
        st.warning("Time is up: recorded as over time. Keep going untimed.")
    elif attempt.deadline is not None:
        countdown(attempt.deadline, expired_flag)
    elif attempt.started_at is not None:  # an untimed attempt in progress
        elapsed_clock(attempt.started_at)
    n_hints = len(kata.hints)
    for i in range(attempt.hints):
        st.info(f"Hint {i + 1}: {kata.hints[i]}")
    if attempt.hints < n_hints:
        st.button(f"Show a hint ({attempt.hints + 1} of {n_hints})", key=f"k_hint_{kata_id}", on_click=_hint,
                  args=(kata_id, n_hints))
    if not attempt.revealed:
        st.button("Give up and show the solution", key=f"k_giveup_{kata_id}", on_click=_give_up, args=(kata_id,))
    st.button("Restart this kata", key=f"k_restart_{kata_id}", on_click=_restart, args=(kata_id,))

with left_col:
    state.prepare_kata(kata_id)  # the reference's values, computed while the user reads and writes
    key = _editor_key(kata_id, attempt.editor_rev)
    code = code_input(attempt.source(entry.starter), key=key)
    if code != attempt.source(entry.starter):
        attempt = ka.edit(store, kata_id, code)  # the editor reported new text: keep it with the attempt
    # A row sized to the labels: fixed columns cut "Run samples" to "Run sam..." beside the prompt.
    actions = st.container(horizontal=True)
    actions.button("Run samples", key=f"k_samples_{kata_id}", on_click=_grade, args=(kata_id, True))
    actions.button("Submit", type="primary", key=f"k_submit_{kata_id}", on_click=_grade, args=(kata_id, False))
    # issue 18: tolerance next to the tests. A torch kata's tests import torch, which this process must not
    # (2.5 s with the GIL held, ~300 MB): its sample tests' own rules come with the last grade instead.
    if kata.runtime == "torch":
        own = [(t["name"], t["rule"]) for t in (attempt.last or {}).get("tests", []) if t.get("rule")]
        st.caption(tolerance_line(kata, own=own))
    else:
        st.caption(tolerance_line(kata, load_scenarios(entry.folder)))
    custom_input(kata, partial(_code_now, kata_id), state.grader)  # issue 18: custom input vs the reference

last = attempt.last
if last:
    passed, total = last["summary"]["passed"], last["summary"]["total"]
    headline = f"{passed}/{total} tests passed"
    if last["status"] == "pass":
        st.success(f"All tests passed: {headline}.")
    elif last["status"] == "error":
        st.error(f"Your code could not be run: {headline}.")
    else:
        st.error(f"Not yet: {headline}.")
    if attempt.last_code != attempt.source(entry.starter):
        st.caption("You changed the code since this result; run it again to grade what is in the editor.")
    if last.get("sandbox") == "reduced":
        st.warning("Reduced sandbox: " + "; ".join(last.get("sandbox_notes", [])))
    first_failure = next((t["name"] for t in last["tests"] if t["verdict"] != "AC"), None)
    # A passed hidden test has nothing to show but its name, and after a full pass neither has a passed sample:
    # one line for them, not an expander each with its code blocks (drawing those was most of what the browser
    # did after a kata's first grade). Tests that printed something keep theirs.
    quiet = [t for t in last["tests"] if t["verdict"] == "AC" and not t.get("output")
             and (t["visibility"] == "hidden" or last["status"] == "pass")]
    if quiet:
        st.caption(f":green[:material/check_circle:] {len(quiet)} test{'s' if len(quiet) > 1 else ''} passed: "
                   + ", ".join(f"{t['name']} ({t['visibility']})" for t in quiet))
    shown = [t for t in last["tests"] if t not in quiet]
    for t in shown:
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

if attempt.revealed:
    # Drawn only while open: a highlighted solution the user has not asked to see was part of what the browser
    # drew after a first pass.
    reference = st.expander("Reference solution", key=f"k_reference_{kata_id}", on_change="rerun")
    if reference.open:
        reference.code(entry.solution, language="python")

history = attempts_for(store, "kata", kata_id, limit=20)
if history:
    st.subheader("Your attempts")
    st.dataframe(
        [{"When": f"{a.created_at.astimezone():%Y-%m-%d %H:%M}", "Result": a.result, "Mode": a.details.get("mode", ""),
          "Passed": (f"{a.details['summary']['passed']}/{a.details['summary']['total']}"
                     if "summary" in a.details else ""),
          "Minutes": round((a.duration_s or 0) / 60, 1), "Hints": a.details.get("hints_used", 0),
          "Over time": a.details.get("over_time", False)} for a in history],
        hide_index=True, width="stretch",
    )
