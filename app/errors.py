"""Which exceptions are the user's to fix, and the one line that tells them how. No streamlit here.

The CLI turns these into `error: ...` and exit 2; the pages into an st.error. Anything else is a bug
and is reported as one (still without a traceback on the CLI).
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input (file, id, option) that the message explains."""


def user_error_types() -> tuple[type[BaseException], ...]:
    # Imported here so `mastery --help` does not pay for pydantic and the grader.
    from app.kata_workspace import WorkspaceError
    from evaluators.grader import SourceTooLarge, UnknownKata
    from evaluators.scoring_constants import AnswerTooLarge
    from progress.import_model import ImportError_
    from progress.store import StoreError
    from question_bank.content_files import ContentError

    return (UserError, StoreError, ImportError_, ContentError, WorkspaceError, UnknownKata, AnswerTooLarge,
            SourceTooLarge)


def user_message(exc: BaseException) -> str:
    """One line: multi-line content errors are joined, KeyError's quotes are not shown."""
    from evaluators.grader import UnknownKata
    from question_bank.content_files import ContentError

    if isinstance(exc, UnknownKata):
        return f"unknown kata {exc.args[0]!r} (`mastery kata list` shows the ids)"
    if isinstance(exc, ContentError):
        shown = exc.messages[:3]
        more = len(exc.messages) - len(shown)
        return "; ".join(shown) + (f" (and {more} more)" if more > 0 else "")
    if isinstance(exc, KeyError) and exc.args:
        return str(exc.args[0])
    return " ".join(str(exc).split())
