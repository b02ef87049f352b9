"""`mastery app` runs this: Streamlit with the loopback-only middleware in front of every route.

    python -m app.serve [streamlit run options...]
"""

from __future__ import annotations

import sys
from pathlib import Path

APP_MAIN = Path(__file__).with_name("main.py")


def install_host_guard() -> None:
    """Put LoopbackOnlyMiddleware first in Streamlit's Starlette middleware stack."""
    from starlette.middleware import Middleware
    from streamlit.web.server.starlette import starlette_app

    from app.host_guard import LoopbackOnlyMiddleware

    original = starlette_app.create_streamlit_middleware
    if getattr(original, "_mastery_guarded", False):
        return

    def guarded() -> list:
        return [Middleware(LoopbackOnlyMiddleware), *original()]

    guarded._mastery_guarded = True  # type: ignore[attr-defined]
    starlette_app.create_streamlit_middleware = guarded


def main() -> None:
    install_host_guard()
    from streamlit.web import cli as stcli

    sys.argv = ["streamlit", "run", str(APP_MAIN), *sys.argv[1:]]
    sys.exit(stcli.main())


if __name__ == "__main__":
    main()
