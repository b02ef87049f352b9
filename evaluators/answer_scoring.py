"""Scoring a design answer: the offline rubric scorer, or the LLM judge when asked and configured.

The LLM path always has the offline result to fall back on; the reason for a fallback is reported.
"""

from __future__ import annotations

from design_cases.models import DesignCase
from evaluators.rubric_scoring import RubricScore, score_design


def score_case_answer(case: DesignCase, answer: str, use_llm: bool = False, config=None, store=None) -> RubricScore:
    offline = score_design(case, answer)
    if not use_llm:
        return offline
    from evaluators.llm_config import load_config
    from evaluators.llm_judge import judge_design

    config = config or load_config()
    if config is None:
        offline.fallback_reason = "no LLM judge configured (set MASTERY_LLM_MODEL and MASTERY_LLM_API_BASE)"
        return offline
    return judge_design(case, answer, config, offline=offline, store=store)
