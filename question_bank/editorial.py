"""Editorial rules for the shipped question bank (stricter than the schema, which user questions share).

Run `python -m question_bank.editorial [FILE ...]` while authoring; the content tests apply the same rules.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from question_bank.models import Question

ANSWER_WORDS = (80, 350)
KEY_POINTS = (3, 7)
MIN_FOLLOW_UP_SHARE = 0.60
MIN_HARD_SHARE = 0.25
# Raw HTML is never rendered; a tag in content is a mistake (or an attempt to inject markup).
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def word_count(text: str) -> int:
    return len(text.split())


def question_problems(q: Question) -> list[str]:
    """Rules every shipped question must meet on its own."""
    problems = []
    n = word_count(q.answer)
    if not ANSWER_WORDS[0] <= n <= ANSWER_WORDS[1]:
        problems.append(f"{q.id}: answer has {n} words, must be {ANSWER_WORDS[0]}-{ANSWER_WORDS[1]}")
    if not KEY_POINTS[0] <= len(q.key_points) <= KEY_POINTS[1]:
        problems.append(f"{q.id}: has {len(q.key_points)} key points, must be {KEY_POINTS[0]}-{KEY_POINTS[1]}")
    texts = [q.prompt, q.answer, *q.key_points] + [t for f in q.follow_ups for t in (f.question, f.answer)]
    if any(_HTML_TAG.search(t) for t in texts):
        problems.append(f"{q.id}: contains an HTML tag; use Markdown only")
    if (q.area == "behavioral") != (q.type == "behavioral"):
        problems.append(f"{q.id}: type 'behavioral' is for the behavioral area and only there")
    return problems


def bank_problems(questions: list[Question]) -> list[str]:
    """Rules on shares across the whole shipped bank."""
    if not questions:
        return ["the bank is empty"]
    problems = []
    with_follow_ups = sum(1 for q in questions if q.follow_ups) / len(questions)
    if with_follow_ups < MIN_FOLLOW_UP_SHARE:
        problems.append(f"only {with_follow_ups:.0%} of questions have follow-ups (need {MIN_FOLLOW_UP_SHARE:.0%})")
    hard = sum(1 for q in questions if q.difficulty == "hard") / len(questions)
    if hard < MIN_HARD_SHARE:
        problems.append(f"only {hard:.0%} of questions are hard (need {MIN_HARD_SHARE:.0%})")
    return problems


def main(argv: list[str]) -> int:
    from question_bank.loader import BANK_DIR, parse_question_file

    files = [Path(a) for a in argv] or sorted(BANK_DIR.rglob("*.yaml"))
    questions: list[Question] = []
    problems: list[str] = []
    for path in files:
        good, bad = parse_question_file(path)
        problems += bad
        questions += good
        problems += [p for q in good for p in question_problems(q)]
    problems += bank_problems(questions)
    for p in problems:
        print(p)
    print(f"{len(questions)} questions checked, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
