"""Browse cards (Anki's Browser): search every item, see its FSRS state, suspend / bury / reset, open it.
The data and actions are progress.card_browser; this page draws them and dispatches clicks."""

import streamlit as st

from app import state
from progress import card_browser as cb
from question_bank.taxonomy import load_taxonomy

catalog = state.catalog()
store = state.store()
topic_names = load_taxonomy().topic_names()
KIND_LABELS = {"question": "Question", "kata": "Kata", "case": "Design case"}

st.title("Browse cards")
c1, c2, c3 = st.columns([3, 2, 2])
query = c1.text_input("Search", key="cb_query", placeholder="words in the title, topic, id or tags")
kinds = c2.multiselect("Item types", list(KIND_LABELS), format_func=lambda k: KIND_LABELS[k], key="cb_kinds")
statuses = c3.multiselect("State", ["new", "learning", "review", "relearning", "suspended", "buried"], key="cb_states")

items = cb.search(cb.catalogue_items(catalog, topic_names), query, set(kinds))
rows = [r for r in cb.rows(store, items)
        if not statuses or r.state in statuses or r.status in statuses]
st.caption(f"{len(rows)} of {len(cb.catalogue_items(catalog))} items")


def _pick() -> None:
    picked = st.session_state["cb_table"].selection.rows
    keys = st.session_state.get("cb_keys", [])
    if picked and picked[0] < len(keys):
        st.session_state["cb_selected"] = keys[picked[0]]


st.session_state["cb_keys"] = [(r.item.item_type, r.item.item_id) for r in rows]
st.dataframe(
    [{"Type": r.item.item_type, "Item": r.item.title[:120], "Topic": r.item.topic, "State": r.state,
      "Status": r.status, "Due": r.due.astimezone().replace(tzinfo=None) if r.due else None,
      "Stability (d)": round(r.stability, 2) if r.stability is not None else None,
      "Difficulty": round(r.difficulty, 2) if r.difficulty is not None else None,
      "Lapses": r.lapses, "Reviews": r.reviews} for r in rows],
    hide_index=True, width="stretch", key="cb_table", on_select=_pick, selection_mode="single-row", height=380,
    column_config={"Item": st.column_config.TextColumn(width="medium"),
                   "Topic": st.column_config.TextColumn(width="small"),
                   "Due": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm", help="Local time"),
                   "Stability (d)": st.column_config.NumberColumn(help="Days until predicted recall falls to 90%"),
                   "Difficulty": st.column_config.NumberColumn(help="FSRS difficulty, 1 (easy) to 10 (hard)")},
)

selected = st.session_state.get("cb_selected")
row = next((r for r in rows if (r.item.item_type, r.item.item_id) == tuple(selected or ())), None)
if row is None:
    st.info("Click a row to act on it.")
    st.stop()


def _act(action: str, item_type: str, item_id: str) -> None:
    if action == "suspend":
        cb.suspend(store, item_type, item_id)
    elif action == "unsuspend":
        cb.suspend(store, item_type, item_id, suspended=False)
    elif action == "bury":
        cb.bury(store, item_type, item_id)
    elif action == "reset":
        cb.reset(store, item_type, item_id)
    st.session_state["cb_done"] = f"{action.capitalize()}: {item_id}."


done = st.session_state.pop("cb_done", None)
if done:
    st.success(done)
item = row.item
with st.container(border=True):
    st.markdown(f"**{KIND_LABELS[item.item_type]} · {item.item_id}** · {item.topic}")
    st.write(item.title)
    args = (item.item_type, item.item_id)
    b1, b2, b3, b4 = st.columns(4)
    if row.status == "active":
        b1.button("Suspend", key="cb_suspend", on_click=_act, args=("suspend", *args))
        b2.button("Bury until tomorrow", key="cb_bury", on_click=_act, args=("bury", *args))
    else:
        b1.button("Unsuspend" if row.status == "suspended" else "Unbury", key="cb_unsuspend", on_click=_act,
                  args=("unsuspend", *args))
    b3.button("Reset (forget the schedule)", key="cb_reset", on_click=_act, args=("reset", *args),
              disabled=row.state == "new" and row.status == "active")
    with b4:
        if item.item_type == "kata":
            st.page_link("views/katas.py", label="Open the kata", icon=":material/code:",
                         query_params={"kata": item.item_id})
        elif item.item_type == "case":
            st.page_link("views/design.py", label="Open the case", icon=":material/account_tree:",
                         query_params={"case": item.item_id})
    if item.item_type == "question":
        q = catalog.bank.by_id()[item.item_id]
        with st.expander("Open the question (answer and key points)"):
            st.markdown(q.answer)
            if q.key_points:
                st.markdown("\n".join(f"- {k}" for k in q.key_points))
