"""Editorial rules for the shipped design cases (beyond the schema).

Run `python -m design_cases.editorial [FILE ...]` while authoring; the content tests apply the same rules.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from design_cases.models import DesignCase

CRITERIA = (5, 8)
KEY_POINTS_PER_CRITERION = (3, 8)
MIN_FOLLOW_UPS = 4
REFERENCE_WORDS = (600, 1500)
_DIAGRAM = re.compile(r"```(mermaid|text)?\n")


def case_problems(case: DesignCase) -> list[str]:
    problems = []
    n = len(case.rubric.criteria)
    if not CRITERIA[0] <= n <= CRITERIA[1]:
        problems.append(f"{case.id}: rubric has {n} criteria, must be {CRITERIA[0]}-{CRITERIA[1]}")
    for c in case.rubric.criteria:
        k = len(c.key_points)
        if not KEY_POINTS_PER_CRITERION[0] <= k <= KEY_POINTS_PER_CRITERION[1]:
            problems.append(f"{case.id}: criterion {c.id} has {k} key points, must be 3-8")
        if any(not p.synonyms for p in c.key_points):
            problems.append(f"{case.id}: criterion {c.id}: every key point needs synonyms")
    if not case.rubric.red_flags:
        problems.append(f"{case.id}: needs case-level red flags")
    if len(case.follow_ups) < MIN_FOLLOW_UPS:
        problems.append(f"{case.id}: has {len(case.follow_ups)} follow-ups, needs {MIN_FOLLOW_UPS}")
    words = len(case.reference_design.split())
    if not REFERENCE_WORDS[0] <= words <= REFERENCE_WORDS[1]:
        problems.append(f"{case.id}: reference design has {words} words, must be 600-1500")
    if not _DIAGRAM.search(case.reference_design):
        problems.append(f"{case.id}: reference design needs a diagram in a ```mermaid or ```text block")
    return problems


def main(argv: list[str]) -> int:
    from design_cases.loader import CASES_DIR, parse_case_file

    files = [Path(a) for a in argv] or sorted(CASES_DIR.glob("*.yaml"))
    problems: list[str] = []
    for path in files:
        case, bad = parse_case_file(path)
        problems += bad
        if case:
            problems += case_problems(case)
    for p in problems:
        print(p)
    print(f"{len(files)} cases checked, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
