"""The LLM judge on the pages: the Design page's streamed, cancellable per-criterion panel, the Question
bank's optional LLM check, and the Settings page's Test connection.

litellm is imported (through evaluators.llm_judge) only inside these functions, and they are called only
when a judge is configured, so no page pays for it otherwise.
"""

from __future__ import annotations

import time

import streamlit as st

STATUS_MARK = {"covered": ":green[covered]", "partial": ":orange[partial]", "missing": ":red[missing]"}


def _outcome_line(case, o: dict) -> str:
    name = next((c.name for c in case.rubric.criteria if c.id == o["criterion_id"]), o["criterion_id"])
    if o["scorer"] == "llm":
        tokens = o.get("completion_tokens") or "?"
        took = " (cached)" if o.get("cached") else f" ({o['seconds']:.1f} s, {tokens} tokens)"
        return f"- :green[LLM] **{name}**: level {o['result']['level']}{took}"
    return f"- :orange[offline] **{name}**: level {o['result']['level']}, offline result used: {o['reason']}"


def design_judge(case, answer: str, config, offline: dict, store, key: str) -> tuple[dict, list[dict]]:
    """Run the judge criterion by criterion with a progress bar and a Cancel button.

    Returns (the assembled result as a dict, the per-criterion outcomes as dicts). Cancel reruns the page,
    which interrupts the loop below; closing the outcome stream stops the requests in flight, and the
    criteria not yet graded get the offline result, marked as cancelled."""
    from evaluators.llm_judge import assemble, iter_judge, outcome_from_dict, rubric_score_from_dict

    offline_score = rubric_score_from_dict(offline)
    done: dict = st.session_state.setdefault(f"{key}_outcomes", {})
    n = len(case.rubric.criteria)
    cancelled = st.session_state.get(f"{key}_cancel")
    if not cancelled:
        box = st.container(border=True)
        box.markdown(f"**LLM judge** ({config.label}): {n} criteria, {config.concurrency} at a time, "
                     f"up to {config.timeout_s:g} s each")
        bar = box.progress(len(done) / n, text=f"{len(done)} of {n} criteria graded")
        box.button("Cancel", key=f"{key}_cancel",
                   help="Stop the judge: criteria not yet graded keep the offline result")
        lines = box.empty()
        started = time.monotonic()
        # The heartbeat redraws the bar while requests run: each redraw is where a click on Cancel stops us.
        for outcome in iter_judge(case, answer, config, offline_score, store=store, heartbeat=True):
            if outcome is not None:
                done[outcome.criterion_id] = outcome.to_dict()
                lines.markdown("\n".join(_outcome_line(case, o) for o in done.values()))
            bar.progress(len(done) / n, text=f"{len(done)} of {n} criteria graded · {time.monotonic() - started:.0f} s")
    outcomes = [outcome_from_dict(o) for o in done.values()]
    for crit in case.rubric.criteria:
        if crit.id not in done:
            outcomes.append(outcome_from_dict({"criterion_id": crit.id, "scorer": "offline", "reason": "cancelled",
                                               "result": next(c for c in offline["criteria"] if c["id"] == crit.id)}))
    st.session_state.pop(f"{key}_outcomes", None)
    return assemble(case, offline_score, outcomes).to_dict(), [o.to_dict() for o in outcomes]


def judge_notes(case, outcomes: list[dict]) -> None:
    """Per criterion: LLM or offline (and why), and the false claims the judge quoted, with corrections."""
    if not outcomes:
        return
    fell_back = [o for o in outcomes if o["scorer"] != "llm"]
    with st.expander(f"LLM judge per criterion ({len(outcomes) - len(fell_back)} of {len(outcomes)} graded by the "
                     "LLM)", expanded=bool(fell_back)):
        order = {c.id: i for i, c in enumerate(case.rubric.criteria)}
        ranked = sorted(outcomes, key=lambda o: order.get(o["criterion_id"], 0))
        st.markdown("\n".join(_outcome_line(case, o) for o in ranked))
        for o in outcomes:
            for claim in o.get("false_claims", []):
                st.markdown(f"- :red[False claim] \"{claim['quote']}\"  \n  **Correction:** {claim['correction']}")


def question_check(question, typed: str, config, key: str) -> None:
    """The Question bank's optional LLM check of a typed answer, shown under the offline check."""
    result_key = f"{key}_result"
    if st.button("Check with the LLM judge", key=f"{key}_run", disabled=not typed.strip(),
                 help=f"Asks {config.label} to check each key point, with a quote from your answer"):
        from evaluators.scoring import analyse_question_answer
        from evaluators.short_answer_judge import judge_short_answer

        offline = analyse_question_answer(question, typed)
        with st.spinner(f"Asking the LLM judge ({config.label})..."):
            judged = judge_short_answer(question, typed, config, offline)
        a = judged.analysis
        st.session_state[result_key] = {
            "text": typed, "scorer": judged.scorer, "reason": judged.fallback_reason, "score": a.score,
            "suggested": a.suggested_rating, "covered": a.covered, "partial": a.partial, "missed": a.missed,
            "evidence": judged.evidence, "incorrect": judged.incorrect, "false_claims": judged.false_claims}
    r = st.session_state.get(result_key)
    if r and r["text"] != typed:  # the check was of other words
        st.session_state.pop(result_key, None)
        r = None
    if not r:
        return
    labels = {"knew": "I knew it", "partly": "Partly", "not": "Not yet"}
    if r["scorer"] != "llm":
        st.warning(f"The LLM judge could not be used: {r['reason']}. The offline check above stands.")
        return
    st.info(f"LLM judge: {r['score']:.0%}. Suggested self-rating: **{labels[r['suggested']]}**.")
    for status, points in (("covered", r["covered"]), ("partial", r["partial"]), ("missing", r["missed"])):
        for p in points:
            mark = ":red[incorrect]" if p in r["incorrect"] else STATUS_MARK[status]
            quote = r["evidence"].get(p)
            st.markdown(f"- {mark} {p}" + (f"  \n  > {quote}" if quote else ""))
    for claim in r["false_claims"]:
        st.markdown(f"- :red[False claim] \"{claim['quote']}\"  \n  **Correction:** {claim['correction']}")


def connection_test(config) -> None:
    """Settings: send a tiny schema-constrained request and report what came back."""
    if not st.button("Test connection", key="llm_test",
                     help="Sends a tiny schema-constrained request to the configured judge"):
        report = st.session_state.get("llm_test_report")
    else:
        from evaluators.llm_judge import check_connection

        with st.spinner(f"Testing {config.label}..."):
            r = check_connection(config)
        report = {"ok": r.ok, "message": r.message, "seconds": r.seconds, "tokens": r.completion_tokens,
                  "rate": r.tokens_per_s, "schema": r.schema_honoured, "context": r.context}
        st.session_state["llm_test_report"] = report
    if not report:
        return
    if not report["ok"]:
        st.error(f"Test connection failed: {report['message']}")
        return
    (st.success if report["schema"] else st.warning)(f"Test connection: {report['message']}.")
    cols = st.columns(4)
    cols[0].metric("Latency", f"{report['seconds']:.2f} s")
    cols[1].metric("Tokens", report["tokens"] or "?")
    cols[2].metric("Tokens/s", f"{report['rate']:.1f}" if report["rate"] else "?")
    cols[3].metric("Schema honoured", "yes" if report["schema"] else "no")
    st.caption(f"Server context: {report['context']}" if report["context"]
               else "The server does not report its context size: requests are sent unchecked.")
