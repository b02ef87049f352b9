"""Issue 17 on the Katas page: code over the solution limit is refused with one st.error (no exception box)
and no attempt is recorded."""

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from progress.attempts import attempts_for
from progress.store import Store

MAIN = str(Path(__file__).resolve().parents[2] / "app" / "main.py")
KATA = "softmax"


def test_oversized_code_is_a_user_error(mastery_home):
    at = AppTest.from_file(MAIN, default_timeout=90)
    at.run()
    at.switch_page("views/katas.py").run()
    at.selectbox(key="k_selected").set_value(KATA).run()
    at.button(key=f"k_{KATA}_start").click().run()
    code = "x = 1\n" * 50_000  # 300 KB
    at.session_state[f"k_editor_{KATA}_0"] = {"id": str(time.time()), "type": "blur", "lang": "python",
                                              "text": code, "selected": "", "cursor": ""}
    at.button(key=f"k_submit_{KATA}").click().run()
    assert not at.exception, at.exception
    assert any("the limit for a kata solution is 256 KB" in e.value for e in at.error)
    assert attempts_for(Store(mastery_home / "mastery.db"), "kata", KATA) == []
