import time

import streamlit as st

from app import state
from app.catalog import user_questions_dir
from app.widgets.wrong_claims import common_wrong_claims
from evaluators.scoring import analyse_question_answer, prepare_question
from progress.attempts import attempts_for, record_attempt
from progress.scheduling import SELF_RATING_TO_FSRS, review_elsewhere
from question_bank.csv_import import import_csv
from question_bank.models import COMPANY_STYLES, DIFFICULTIES, QUESTION_TYPES, ROLES
from question_bank.search import Filters
from question_bank.taxonomy import load_taxonomy

RATINGS = {  # result stored -> button label, keyboard shortcut
    "knew": ("I knew it", "1"),
    "partly": ("Partly", "2"),
    "not": ("Not yet", "3"),
}

catalog = state.catalog()
bank = catalog.bank
index = state.search_index(bank)
taxonomy = load_taxonomy()
area_names, topic_names = taxonomy.area_names(), taxonomy.topic_names()

st.title("Question bank")

# Filters in the page, not the sidebar: Streamlit redraws every select widget in the sidebar on each script
# run (about 30 ms each on this machine), which made every click on this page slower.
with st.expander("Filters"):
    c1, c2, c3 = st.columns(3)
    areas = c1.multiselect("Area", [a.id for a in taxonomy.areas], format_func=lambda a: area_names[a],
                           key="qb_areas")
    topic_options = [t.id for a in taxonomy.areas if not areas or a.id in areas for t in a.topics]
    topics = c2.multiselect("Topic", topic_options, format_func=lambda t: topic_names[t], key="qb_topics")
    difficulties = c3.multiselect("Difficulty", DIFFICULTIES, key="qb_difficulties")
    types = c1.multiselect("Type", QUESTION_TYPES, key="qb_types")
    roles = c2.multiselect("Role", ROLES, key="qb_roles")
    companies = c3.multiselect("Company style", COMPANY_STYLES, key="qb_companies")

with st.expander("Add your own questions (CSV)"):
    st.markdown(
        "Columns: `prompt, answer, topic, difficulty, tags` (topic as an id or name from the curriculum, "
        "difficulty easy/medium/hard, tags separated by `;`). Good rows are added to "
        f"`{user_questions_dir() / 'imported.yaml'}`; bad rows are listed by line and field. "
        "Or put YAML files in that folder, or run `mastery import-questions FILE.csv`."
    )
    upload = st.file_uploader("CSV file", type=["csv"], key="qb_csv")
    if upload is not None and st.button("Import", key="qb_import"):
        try:
            text = upload.getvalue().decode("utf-8-sig")
        except UnicodeDecodeError:
            st.error("The file is not UTF-8 text. Save the CSV as UTF-8 and try again.")
        else:
            st.session_state["qb_import_report"] = import_csv(text, user_questions_dir(),
                                                              known_ids={q.id for q in bank.questions})
            st.rerun()
    report = st.session_state.get("qb_import_report")
    if report is not None:
        msg = f"Added {len(report.added)} question(s)."
        if report.already_present:
            msg += f" {len(report.already_present)} were already there."
        (st.success if report.ok else st.warning)(msg)
        for e in [*report.errors, *report.warnings]:  # warnings: rows kept with a tag left out
            st.text(e)

query = st.text_input(
    "Search", key="qb_query", placeholder="e.g. KV cache memory, bias-variance, idempotency keys",
    help="Ranked by relevance over prompts, key points, tags and answers.",
)
filters = Filters(tuple(areas), tuple(t for t in topics if t in topic_options), tuple(difficulties),
                  tuple(types), tuple(roles), tuple(companies))
hits = index.search(query, filters)
# TF-IDF gives a long tail of weak matches (one shared word): keep what scores at least a third of the
# best match, at most 30, so "KV cache" lists KV-cache questions rather than 60 loosely related ones.
RELEVANCE_CUT, MAX_HITS = 0.33, 30
if query.strip() and hits:
    best = hits[0][1]
    hits = [h for h in hits if h[1] >= RELEVANCE_CUT * best][:MAX_HITS]
st.caption(f"{len(hits)} of {len(bank.questions)} questions" + (" (most relevant first)" if query.strip() else ""))

if not hits:
    st.info("No question matches these filters and search. Clear a filter or try other words.")
    st.stop()

ids = [q.id for q, _ in hits]
by_id = bank.by_id()
# Deep links: ?q=<question id> opens that question (once per link); the URL follows the selection.
linked = st.query_params.get("q")
if linked in by_id and linked in ids and st.session_state.get("qb_link_applied") != linked:
    st.session_state["qb_selected"] = linked
    st.session_state["qb_link_applied"] = linked
if st.session_state.get("qb_selected") not in ids:
    st.session_state["qb_selected"] = ids[0]


def _check(question, text: str) -> dict:
    a = analyse_question_answer(question, text)
    return {"text": text, "score": a.score, "covered": a.covered, "partial": a.partial, "missed": a.missed,
            "suggested": a.suggested_rating, "caps": a.caps, "limits": a.limits, "misconceptions": a.misconceptions}


def _go_next() -> None:
    current = st.session_state.get("qb_selected")
    position = ids.index(current) if current in ids else -1
    st.session_state["qb_selected"] = ids[(position + 1) % len(ids)]


def _label(qid: str) -> str:
    q = by_id[qid]
    prompt = q.prompt if len(q.prompt) <= 110 else q.prompt[:107] + "..."
    return f"[{q.difficulty}] {prompt}"


def _pick_row() -> None:
    rows = st.session_state["qb_table"].selection.rows
    shown_ids = st.session_state.get("qb_table_ids", [])
    if rows and rows[0] < len(shown_ids):
        st.session_state["qb_selected"] = shown_ids[rows[0]]


with st.expander("Results (click a row to open it)", expanded=bool(query.strip())):
    st.session_state["qb_table_ids"] = ids
    st.dataframe(
        [{"Question": by_id[i].prompt, "Topic": topic_names.get(by_id[i].topic, by_id[i].topic),
          "Difficulty": by_id[i].difficulty, "Type": by_id[i].type} for i in ids],
        hide_index=True, width="stretch", key="qb_table", on_select=_pick_row, selection_mode="single-row",
    )


def _reveal(question_id: str) -> None:
    st.session_state[f"qb_revealed_{question_id}"] = True


def _rate(result: str, question_id: str) -> None:
    started = st.session_state.get("qb_shown_at", {}).pop(question_id, None)
    details = {"revealed": bool(st.session_state.get(f"qb_revealed_{question_id}"))}
    typed_answer = st.session_state.get(f"qb_typed_{question_id}", "")
    check = st.session_state.get(f"qb_check_result_{question_id}")
    if typed_answer.strip() and (check is None or check["text"] != typed_answer):
        check = _check(by_id[question_id], typed_answer)  # the score stored is always for the text stored
        st.session_state[f"qb_check_result_{question_id}"] = check
    elif not typed_answer.strip():
        check = None
    if typed_answer.strip():
        details["typed_answer"] = typed_answer
    if check:
        details["offline_score"] = check["score"]
        details["suggested_rating"] = check["suggested"]
    duration = round(time.time() - started, 1) if started else None
    record_attempt(state.store(), "question", question_id, result, duration_s=duration,
                   score=check["score"] if check else None, details=details)
    review_elsewhere(state.store(), "question", question_id, SELF_RATING_TO_FSRS[result], duration_s=duration)
    st.session_state["qb_flash"] = f"Saved your rating: {RATINGS[result][0]}."


# The question, its answer box, reveal, ratings and "Next question" rerun on their own (a fragment): a click
# there redraws this card only, not the filters, the results table and the rest of the page.
@st.fragment
def _question_card() -> None:
    # The picker is in a popover: drawn only when opened, its hundreds of options no longer slow every click
    # on this card (the browser redrew them on each rerun). The card shows the question itself.
    position = ids.index(st.session_state["qb_selected"]) + 1  # in ids: checked by the full run, or picked
    with st.popover(f"Question {position} of {len(ids)} · pick another", icon=":material/list:"):
        qid = st.selectbox("Question", ids, format_func=_label, key="qb_selected")
    q = by_id[qid]
    prepare_question(q)  # while the candidate reads and types: the check then costs what later ones do
    st.query_params["q"] = qid
    st.session_state["qb_link_applied"] = qid

    # When this question was first shown in this session: the self-rating stores how long it took.
    shown = st.session_state.setdefault("qb_shown_at", {})
    shown.setdefault(qid, time.time())

    with st.container(border=True):
        st.caption(
            f"{area_names.get(q.area, q.area)} › {topic_names.get(q.topic, q.topic)} · {q.difficulty} · {q.type} · "
            f"roles: {', '.join(q.roles)} · style: {', '.join(q.company_style)}"
            + (" · your own question" if qid in bank.user_ids else "")
        )
        st.markdown(f"### {q.prompt}")

        typed = st.text_area("Your answer (optional: type it to get it checked against the key points)",
                             key=f"qb_typed_{qid}", height=120)
        if st.button("Check my answer", key=f"qb_check_{qid}", disabled=not typed.strip()):
            st.session_state[f"qb_check_result_{qid}"] = _check(q, typed)
        check = st.session_state.get(f"qb_check_result_{qid}")
        if check and check["text"] != typed:
            # The result was for other text: drop it rather than show or store a score for words not there.
            st.session_state.pop(f"qb_check_result_{qid}", None)
            check = None
            st.caption("Your answer changed since the check: check it again (rating it re-checks it).")
        if check:
            st.info(f"Offline score {check['score']:.0%}. "
                    f"Suggested self-rating: **{RATINGS[check['suggested']][0]}**.")
            if check["covered"]:
                st.markdown("Covered: " + "; ".join(check["covered"]))
            if check["partial"]:
                st.markdown("Partly covered: " + "; ".join(check["partial"]))
            if check["missed"]:
                st.markdown("Missed: " + "; ".join(check["missed"]))
            for m in check.get("misconceptions", []):
                st.error(f"False claim: {m['evidence']}  \nWhat is true: {m['correction']}")
            if check.get("caps"):
                st.caption("Capped at 'Not yet': " + "; ".join(check["caps"]) + ".")
            elif check["suggested"] != "not":
                if check.get("limits"):
                    st.caption("Held at 'Partly': " + "; ".join(check["limits"]) + ".")
                # What the number cannot know: a wrong statement made with the right words scores like a right one.
                known = (f" and with {len(q.misconceptions)} known wrong claims for this question"
                         if q.misconceptions else "")
                st.caption(f"The offline check compares your words with the key points{known}. It cannot tell a "
                           "different wrong statement made with the same words: compare with the reference "
                           "before you rate.")
        judge = state.judge_config()
        if judge is not None:
            from app.widgets.llm_panel import question_check

            question_check(q, typed, judge, key=f"qb_llm_{qid}")

        if not st.session_state.get(f"qb_revealed_{qid}"):
            st.write("Answer it out loud or on paper first, then reveal the reference.")
            # A callback, not st.rerun(): one script run per click.
            st.button("Reveal answer", key=f"reveal_{qid}", type="primary", shortcut="A", on_click=_reveal,
                      args=(qid,))
        else:
            st.markdown("#### Reference answer")
            st.markdown(q.answer)
            if q.key_points:
                st.markdown("#### Key points")
                st.markdown("\n".join(f"- {p}" for p in q.key_points))
            common_wrong_claims(q)
            if q.follow_ups:
                st.markdown("#### Follow-ups")
                for i, f in enumerate(q.follow_ups, 1):
                    with st.expander(f"{i}. {f.question}"):
                        st.markdown(f.answer)
            if q.sources:
                st.caption("Sources: " + "; ".join(q.sources))

    st.write("How did you do?")
    cols = st.columns(len(RATINGS) + 1)
    suggested = (st.session_state.get(f"qb_check_result_{qid}") or {}).get("suggested")
    # strict=False: the last column holds "Next question", not a rating.
    for col, (result, (label, key)) in zip(cols, RATINGS.items(), strict=False):
        col.button(f"{label}", key=f"rate_{result}_{qid}", on_click=_rate, args=(result, qid), shortcut=key,
                   width="stretch", type="primary" if result == suggested else "secondary")
    cols[-1].button("Next question", key="qb_next", on_click=_go_next, shortcut="N", width="stretch")

    flash = st.session_state.pop("qb_flash", None)
    if flash:
        st.success(flash)

    history = attempts_for(state.store(), "question", qid, limit=10)
    if history:
        st.caption(
            f"Your last {len(history)} rating(s): "
            + ", ".join(f"{a.result} ({a.created_at.astimezone():%Y-%m-%d %H:%M})" for a in history)
        )


_question_card()
