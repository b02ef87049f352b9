"""The katas page's "Custom input" box: your function's value and prints next to the reference's value
for arguments you type (evaluators.custom_input runs both, each in its own sandbox worker)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

import streamlit as st

from evaluators.custom_scenario import BadArguments


def _run(kata_id: str, code_of: Callable[[], str], grader) -> None:
    from evaluators.custom_input import run_custom
    from evaluators.grader import SourceTooLarge
    from evaluators.sandbox import WorkerError

    key = f"k_custom_{kata_id}"
    try:
        run = run_custom(grader(), kata_id, code_of(), st.session_state.get(f"{key}_args", ""),
                         st.session_state.get(f"{key}_fn"), st.session_state.get(f"{key}_arrays", True))
        st.session_state[f"{key}_result"] = asdict(run)
    except (BadArguments, SourceTooLarge, WorkerError) as exc:
        st.session_state[f"{key}_result"] = {"error": str(exc)}


def custom_input(kata, code_of: Callable[[], str], grader) -> None:
    key = f"k_custom_{kata.id}"
    with st.expander("Custom input: run your function on your own arguments",
                     expanded=f"{key}_result" in st.session_state):
        names = list(kata.entry)
        if len(names) > 1:
            st.selectbox("Function", names, key=f"{key}_fn")
        st.text_area("Arguments (Python literals, as inside the call's parentheses)", key=f"{key}_args",
                     placeholder="[[1.0, 2.0], [3.0, 4.0]], axis=-1", height=80)
        st.checkbox(f"Lists of numbers as {'tensors' if kata.runtime == 'torch' else 'NumPy arrays'}",
                    value=kata.runtime != "python", key=f"{key}_arrays")
        st.button("Run with this input", key=f"{key}_run", on_click=_run, args=(kata.id, code_of, grader))
        result = st.session_state.get(f"{key}_result")
        if not result:
            return
        if "error" in result:
            st.error(result["error"])
            return
        if result["same"] is True:
            st.success(f"{result['function']}({result['arguments']}): same value as the reference.")
        elif result["same"] is False:
            st.warning(f"Differs from the reference: {result['comparison']}.")
        yours, ref = st.columns(2)
        with yours:
            st.markdown("**Your function returned**")
            side = result["user"]
            if side["ok"]:
                st.code(side["value"], language="text", wrap_lines=True)
            else:
                st.error(side["message"])
                if side["traceback"]:
                    st.code(side["traceback"], language="text")
            if side["output"]:
                st.markdown("**Printed**")
                st.code(side["output"], language="text", wrap_lines=True)
        with ref:
            st.markdown("**The reference returned**")
            if result["reference"]["ok"]:
                st.code(result["reference"]["value"], language="text", wrap_lines=True)
            else:
                st.error(result["reference"]["message"])
