import time
from datetime import date, datetime

import streamlit as st

from app import state
from app.widgets.review_undo import undo_button
from app.widgets.wrong_claims import common_wrong_claims
from evaluators.scoring import analyse_question_answer, prepare_question
from progress import drill_session
from progress import rating_suggestions as suggest
from progress.attempts import attempts_for
from progress.card_browser import release_buried
from progress.scheduling import Drills, ReviewKind, days_left, interview_datetime
from question_bank.models import COMPANY_STYLES, ROLES
from question_bank.taxonomy import load_taxonomy

RATINGS = {1: ("Again", "1"), 2: ("Hard", "2"), 3: ("Good", "3"), 4: ("Easy", "4")}

catalog = state.catalog()
store = state.store()
drills = Drills(store)
release_buried(store)  # issue 18: cards buried from the card browser come back the next day
taxonomy = load_taxonomy()
area_names, topic_names = taxonomy.area_names(), taxonomy.topic_names()
questions = catalog.bank.by_id()
katas = catalog.katas.by_id()
cases = catalog.cases.by_id()

st.title("Drills")

MODES: dict[str, drill_session.Mode] = {"Daily queue": "daily", "Cram a topic": "cram"}

# The mode, filters and settings sit in the page, not the sidebar: Streamlit redraws every select widget
# in the sidebar on each script run (about 30 ms each on this machine), so each rating waited for them.
mode_label = st.radio("Mode", list(MODES), key="dr_mode", horizontal=True,
                      help="Cram reviews are logged but never change your schedule.")
mode = MODES[mode_label]
session = drill_session.load(store, mode)
with st.expander("Filters"):
    # Each mode has its own filters (own widget keys, stored with its session): a cram filter never
    # narrows the daily queue.
    for name in drill_session.FILTER_KEYS:
        st.session_state.setdefault(f"dr_{mode}_{name}", session.filters.get(name, []))
    c1, c2, c3 = st.columns(3)
    areas = c1.multiselect("Area", [a.id for a in taxonomy.areas], format_func=lambda a: area_names[a],
                           key=f"dr_{mode}_areas")
    topic_options = [t.id for a in taxonomy.areas if not areas or a.id in areas for t in a.topics]
    st.session_state[f"dr_{mode}_topics"] = [t for t in st.session_state[f"dr_{mode}_topics"] if t in topic_options]
    topics = c2.multiselect("Topic", topic_options, format_func=lambda t: topic_names[t], key=f"dr_{mode}_topics")
    roles = c3.multiselect("Role", ROLES, key=f"dr_{mode}_roles")
    companies = c1.multiselect("Company style", COMPANY_STYLES, key=f"dr_{mode}_companies")
    kinds = c2.multiselect("Item types", drill_session.ALL_KINDS, key=f"dr_{mode}_kinds")
    if session.set_filters(areas=areas, topics=topics, roles=roles, companies=companies, kinds=kinds):
        drill_session.save(store, session)
with st.expander("Settings"):
    saved_new, saved_retention = int(drills.setting("new_per_day", 10)), float(drills.setting("desired_retention", 0.9))
    saved_day = drills.setting("interview_date")
    c1, c2, c3 = st.columns(3)
    new_per_day = c1.number_input("New items per day", 0, 200, saved_new, key="dr_new")
    retention = c2.slider("Desired retention", 0.70, 0.97, saved_retention, 0.01, key="dr_retention")
    interview = c3.date_input("Interview date", value=date.fromisoformat(saved_day) if saved_day else None,
                              key="dr_interview")
    from progress.personal_parameters import MIN_CROSS_DAY_REVIEWS, cross_day_reviews

    n_cross_day = cross_day_reviews(drills)
    if n_cross_day >= MIN_CROSS_DAY_REVIEWS:
        if st.button("Fit my own FSRS parameters", key="dr_fit", help="Uses your review history; takes a while"):
            from progress.personal_parameters import fit

            with st.spinner("Fitting on your reviews..."):
                result = fit(drills)
            st.session_state["dr_fit_result"] = {"parameters": result.parameters, "before": result.log_loss_before,
                                                 "after": result.log_loss_after}
        fitted = st.session_state.get("dr_fit_result")
        if fitted:
            st.caption(f"Log loss on your history: {fitted['before']:.3f} with the current parameters, "
                       f"{fitted['after']:.3f} with yours.")
            if fitted["after"] < fitted["before"] and st.button("Use my parameters", key="dr_fit_use"):
                drills.set_setting("fsrs_parameters", fitted["parameters"])
                st.session_state.pop("dr_fit_result")
                st.rerun()
    else:
        st.caption(f"Personal parameters: {n_cross_day} of {MIN_CROSS_DAY_REVIEWS} reviews on later days so far.")
    chosen_day = interview.isoformat() if interview else None
    if (new_per_day, retention, chosen_day) != (saved_new, saved_retention, saved_day):
        drills.set_setting("new_per_day", int(new_per_day))
        drills.set_setting("desired_retention", float(retention))
        drills.set_setting("interview_date", chosen_day)
        drills = Drills(store)


def _wanted(item_type: str, item) -> bool:
    if item_type == "case":
        return ((not topics or any(t in topics for t in item.topics))
                and (not companies or item.company_style in companies))
    if areas and item.area not in areas or topics and item.topic not in topics:
        return False
    if item_type == "question":
        return (not roles or any(r in roles for r in item.roles)) and (
            not companies or any(c in companies for c in item.company_style))
    return True


pool = [("question", q.id) for q in questions.values() if "question" in kinds and _wanted("question", q)]
pool += [("kata", k.kata.id) for k in katas.values() if "kata" in kinds and _wanted("kata", k.kata)]
pool += [("case", c.id) for c in cases.values() if "case" in kinds and _wanted("case", c)]


@st.fragment(run_every=5)
def _wake_when_due(due_ts: float) -> None:
    """Brings the page back by itself when the next card falls due (an Again card: in a minute)."""
    left = due_ts - time.time()
    if left <= 0:
        st.rerun(scope="app")
    st.caption(f"Next review due in {max(1, round(left / 60))} min "
               f"(at {datetime.fromtimestamp(due_ts).astimezone():%H:%M}); this page refreshes itself then.")


def _reveal(item_id: str) -> None:
    st.session_state[f"dr_revealed_{item_id}"] = True


def _rate(rating: int, item: tuple[str, str], review_kind: ReviewKind, mode_now: drill_session.Mode,
          shown: str) -> None:
    # The item and mode are the ones drawn with the buttons: the rating cannot land on another item.
    started = st.session_state.pop(shown, None)
    drills.review(item[0], item[1], rating, kind=review_kind,
                  duration_s=round(time.time() - started, 1) if started else None)
    s = drill_session.load(store, mode_now)
    s.rate(item, f"{RATINGS[rating][0]} recorded for {item[1]}.")
    drill_session.save(store, s)


# The queue, the card and the rating buttons rerun on their own (a fragment): a rating redraws them, not
# the mode, filters and settings above. The filters are read in the last full run and passed in.
_FULL_RUN = "dr_full_run"


@st.fragment
def _queue_and_card(pool: list[tuple[str, str]], mode: drill_session.Mode) -> None:
    in_full_run = st.session_state.pop(_FULL_RUN, False)
    session = drill_session.load(store, mode)  # a rating saved it since the full run
    interview_day = drills.setting("interview_date")
    interview_at = interview_datetime(interview_day)
    active = session.active_filters()
    kind: ReviewKind
    if mode == "daily":
        topic_of = {("question", q.id): q.topic for q in questions.values()}
        topic_of.update({("kata", k.kata.id): k.kata.topic for k in katas.values()})
        topic_of.update({("case", c.id): (c.topics or [""])[0] for c in cases.values()})
        queue = drills.queue(pool, interview_date=interview_at, topic_of=topic_of)
        kind = "scheduled"
        due_n = sum(e.reason == "due" for e in queue)
        c1, c2, c3 = st.columns(3)
        c1.metric("Due now", due_n)
        c2.metric("Before the interview", sum(e.reason == "before-interview" for e in queue))
        c3.metric("New today", sum(e.reason == "new" for e in queue))
        if active:
            st.warning("The daily queue is filtered (" + "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in
                                                                active.items()) + "). Clear the filters to see it all.")
        if interview_at:
            ready = drills.readiness(pool, interview_at)
            st.caption(f"Interview in {days_left(interview_day)} day(s); predicted recall on the day "
                       f"over what you have reviewed: {ready:.0%}" if ready is not None else "no reviews yet")
        items = [(e.item_type, e.item_id) for e in queue]
    else:
        kind = "cram"
        # Cram: weakest first (lowest predicted recall now), unseen items last; each item once per round.
        recall_now = drills.retrievabilities(pool)
        ordered = sorted(pool, key=lambda key: recall_now.get(key, 2.0))
        items = session.next_items(ordered)
        st.caption(f"Cramming {len(ordered)} item(s), {len(items)} left in this round; "
                   "your schedule is not changed.")

    # The clock that brings the page back when nothing is left is a fragment of its own, drawn by the full
    # run (fragments are not nested): when this rerun empties the queue, or an undo refills it while that
    # clock is on screen, the whole page is drawn again.
    if not in_full_run and (not items or st.session_state.get("dr_wake_at") is not None):
        st.rerun(scope="app")
    flash = session.pop_message()
    if flash:
        drill_session.save(store, session)
        st.success(flash)  # shown even when that was the last item
    undo_button(store, mode)  # issue 18: Anki-style undo of the newest rating

    if not items:
        st.success("Nothing to review right now. Come back later, raise the new-item limit, or cram a topic.")
        upcoming = drills.next_due(pool) if mode == "daily" else None
        st.session_state["dr_wake_at"] = upcoming.timestamp() if upcoming is not None else None
        return
    st.session_state["dr_wake_at"] = None

    item_type, item_id = items[0]
    shown_key = f"dr_shown_{item_type}_{item_id}"
    st.session_state.setdefault(shown_key, time.time())
    suggested = None

    with st.container(border=True):
        if item_type == "question":
            q = questions[item_id]
            prepare_question(q)  # once per question: the checks while typing then cost what later ones do
            st.caption(f"Question · {area_names.get(q.area)} › {topic_names.get(q.topic)} · {q.difficulty}")
            st.markdown(f"### {q.prompt}")
            typed = st.text_area("Your answer (optional)", key=f"dr_typed_{item_id}", height=100)
            if typed.strip():
                analysis = analyse_question_answer(q, typed)
                suggested = suggest.from_answer_score(analysis.score)
                # Why, when the check holds the suggestion down (as the Question bank says after a check).
                if analysis.caps:
                    st.caption("The check suggests Not yet: " + "; ".join(analysis.caps) + ".")
                elif analysis.limits:
                    st.caption("The check suggests at most Partly: " + "; ".join(analysis.limits) + ".")
            if st.session_state.get(f"dr_revealed_{item_id}"):
                st.markdown(q.answer)
                if q.key_points:
                    st.markdown("\n".join(f"- {k}" for k in q.key_points))
                common_wrong_claims(q)
            else:
                # A callback, not st.rerun(): one script run per click.
                st.button("Reveal", key=f"dr_reveal_{item_id}", shortcut="Space", on_click=_reveal, args=(item_id,))
        elif item_type == "kata":
            k = katas[item_id].kata
            st.caption(f"Kata · {area_names.get(k.area)} › {topic_names.get(k.topic)} · {k.difficulty} · "
                       f"{k.time_budget_min} min")
            st.markdown(f"### {k.title}")
            st.page_link("views/katas.py", label="Solve it in the kata view", icon=":material/code:",
                         query_params={"kata": item_id})
            last = next(iter(attempts_for(store, "kata", item_id, limit=1)), None)
            suggested = suggest.from_kata_attempt(last, k.time_budget_min)
            if last:
                st.caption(f"Latest attempt: {last.result} ({last.created_at.astimezone():%Y-%m-%d %H:%M})")
        else:
            c = cases[item_id]
            st.caption(f"Design case · {c.company_style} · {c.level} · {c.time_budget_min} min")
            st.markdown(f"### {c.title}")
            st.page_link("views/design.py", label="Answer it on the System design page",
                         icon=":material/account_tree:", query_params={"case": item_id})
            last = next(iter(attempts_for(store, "case", item_id, limit=1)), None)
            suggested = suggest.from_case_score(last.score if last else None)
            if last:
                st.caption(f"Latest self-review score: {last.score:.0f} / 100")

    st.write("How well did you recall it?" + (f" Suggested: **{RATINGS[suggested][0]}**." if suggested else ""))
    cols = st.columns(4)
    for col, (value, (label, key)) in zip(cols, RATINGS.items(), strict=True):  # one column per rating
        col.button(label, key=f"dr_rate_{value}", on_click=_rate,
                   args=(value, (item_type, item_id), kind, mode, shown_key),
                   shortcut=key, width="stretch",
                   type="primary" if value == suggested else "secondary")
    st.caption("Hard means you recalled it with effort; choose Again when you did not.")

    leeches = drills.leeches()
    if leeches:
        with st.expander(f"Leeches: {len(leeches)} item(s) forgotten 6+ times"):
            for t, i, lapses, suspended in leeches:
                c1, c2 = st.columns([4, 1])
                c1.write(f"{t} · {i} · {lapses} lapses" + (" · suspended" if suspended else ""))
                if c2.button("Unsuspend" if suspended else "Suspend", key=f"dr_suspend_{t}_{i}"):
                    drills.suspend(t, i, not suspended)
                    st.rerun()


st.session_state[_FULL_RUN] = True
_queue_and_card(pool, mode)
wake_at = st.session_state.get("dr_wake_at")
if wake_at is not None:
    _wake_when_due(wake_at)
