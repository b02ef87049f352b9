import streamlit as st

from app import state

st.title("Mastery")
st.markdown(
    "Practice for **AI/ML and backend-for-AI engineering interviews** (Backend + AI Engineer, "
    "ML Platform Engineer, AI Research Engineer), on your own machine. Everything you do is stored "
    "in one local SQLite file; nothing leaves this computer unless you configure an LLM judge."
)


@st.fragment(run_every=0.25)
def _until_content_is_loaded() -> None:
    # The first run draws only what needs no content; this redraws the page once the warm-up is done.
    if state.content_ready():
        st.rerun(scope="app")
    st.caption("Loading the question bank, katas and design cases...")


if not state.content_ready():
    c1, c2, c3, c4 = st.columns(4)
    c1.page_link("views/drills.py", label="Today's drills", icon=":material/play_arrow:")
    c2.page_link("views/katas.py", label="Coding katas", icon=":material/arrow_forward:")
    c3.page_link("views/design.py", label="System design", icon=":material/arrow_forward:")
    c4.page_link("views/mock.py", label="Mock interview", icon=":material/arrow_forward:")
    _until_content_is_loaded()
    st.stop()

from progress.scheduling import Drills, days_left, interview_datetime  # noqa: E402 - loaded by the warm-up
from question_bank.taxonomy import load_taxonomy  # noqa: E402

catalog = state.catalog()
counts = catalog.counts()

# Above the fold: what is due and one place to start (the daily queue holds every item type).
drills = Drills(state.store())
every_item = [("question", q.id) for q in catalog.bank.questions]
every_item += [("kata", k.kata.id) for k in catalog.katas.katas] + [("case", c.id) for c in catalog.cases.cases]
queue = drills.queue(every_item)
due_now, new_today = sum(e.reason == "due" for e in queue), sum(e.reason == "new" for e in queue)
with st.container(border=True):
    c1, c2, c3 = st.columns([1, 1, 2])
    c1.metric("Due now", due_now)
    c2.metric("New today", new_today)
    c3.page_link("views/drills.py", label=f"Start here: today's drills ({due_now} due, {new_today} new)",
                 icon=":material/play_arrow:")
    c3.caption("Reviews first, then new items from several topics; questions, katas and design cases in one queue.")

c1, c2, c3 = st.columns(3)
c1.metric("Questions", counts["questions"])
c2.metric("Coding katas", counts["katas"])
c3.metric("Design cases", counts["design_cases"])

interview_day = drills.setting("interview_date")
if interview_day:
    on = interview_datetime(interview_day)
    st.subheader(f"Interview in {days_left(interview_day)} day(s)")
    area_of = {("question", q.id): q.area for q in catalog.bank.questions}
    area_of.update({("kata", k.kata.id): k.kata.area for k in catalog.katas.katas})
    by_area: dict[str, list[float]] = {}
    for key, r in drills.retrievabilities(area_of, on).items():  # one query for every item
        by_area.setdefault(area_of[key], []).append(r)
    readiness = [{"Area": a.name, "Predicted recall on the day": f"{sum(by_area[a.id]) / len(by_area[a.id]):.0%}"}
                 for a in load_taxonomy().areas if a.id in by_area]
    if readiness:
        st.table(readiness)
    else:
        st.caption("Review some items on the Drills page to see your readiness per area.")

st.subheader("The curriculum")
taxonomy = load_taxonomy()
per_area: dict[str, int] = {}
for q in catalog.bank.questions:
    per_area[q.area] = per_area.get(q.area, 0) + 1
rows = [
    {
        "Phase": str(a.phase) if a.phase is not None else "cross-cutting",
        "Area": a.name,
        "Topics": len(a.topics),
        "Questions": per_area.get(a.id, 0),
    }
    for a in taxonomy.areas
]
st.dataframe(rows, hide_index=True, width="stretch")

st.subheader("Where to start")
st.markdown(
    "- **Question bank**: filter by area, topic, role or company style, or search; answer (typed answers "
    "are checked against the key points), reveal the reference, and rate yourself.\n"
    "- **Coding katas**: implement softmax, attention, k-means, an LRU cache... against a clock; your code "
    "runs in a sandbox against sample and hidden tests.\n"
    "- **System design**: answer a Meta-, Google- or OpenAI-style case under the clock, review yourself "
    "against the rubric, and compare with the offline scorer (and an LLM judge, if you configure one).\n"
    "- **Drills**: spaced repetition (FSRS) over questions, katas and cases; set your interview date.\n"
    "- **Mock interview**: timed rounds for your target role, then a report with a hire signal.\n"
    "- **Progress**: the learning path, your streak, weakest topics and whether the schedule's predictions hold.\n"
    "- Content is plain files: add your own questions as YAML or CSV (see the README)."
)
c1, c2, c3, c4 = st.columns(4)
c1.page_link("views/drills.py", label="Today's drills", icon=":material/arrow_forward:")
c2.page_link("views/katas.py", label="Coding katas", icon=":material/arrow_forward:")
c3.page_link("views/design.py", label="System design", icon=":material/arrow_forward:")
c4.page_link("views/mock.py", label="Mock interview", icon=":material/arrow_forward:")

if catalog.errors:
    with st.expander(f"{len(catalog.errors)} content problem(s) (run `mastery validate`)"):
        for e in catalog.errors:
            st.text(e)
