"""Constants and limits the two offline scorers share or set side by side, in one place so they are compared
and changed together (evaluators.scoring for short answers, evaluators.rubric_scoring for design answers)."""

from question_bank.content_files import MAX_ANSWER_BYTES  # the input limit of README "Limits"

# A longer design answer is scored on its best sentences up to this many words.
SCORED_WORDS = 3000

# A sentence that covers this many key points at once is a list of terms, not an explanation: it earns
# nothing. Short answers have 3-7 key points, so three in one sentence is already a list; a design rubric
# has 25-40 and a dense but real design sentence can touch three of them.
SHORT_BUZZWORD_HITS = 3
DESIGN_BUZZWORD_HITS = 4

# A sentence asserts a catalogued false claim when it holds this share of one phrasing's content words
# (and is not negated or reported as a pitfall).
MISCONCEPTION_STEM_RECALL = 0.75


class AnswerTooLarge(ValueError):
    """An answer over MAX_ANSWER_BYTES: refused before any scoring."""


def check_answer_size(answer: str) -> None:
    size = len((answer or "").encode("utf-8", "replace"))
    if size > MAX_ANSWER_BYTES:
        raise AnswerTooLarge(f"the answer is {size:,} bytes; the scorer takes at most {MAX_ANSWER_BYTES:,} bytes "
                             f"(about {SCORED_WORDS:,} words are scored in any case)")
