"""Worked arithmetic in answers is checked (evaluators.arithmetic): a stated result off by 4x or more is a
miscalculation, which caps a short answer and costs a design answer's numbers criterion."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from design_cases.loader import load_cases
from evaluators.arithmetic import MISCALCULATION_CLAIM, miscalculations
from evaluators.rubric_scoring import score_design
from evaluators.scoring import analyse_answer
from evaluators.text import sentences
from question_bank.loader import load_bank


@pytest.mark.parametrize(("sentence", "stated", "computed"), [
    ("The table is 50M rows x 2 KB per row, about 10 GB.", 10e9, 100e9),
    ("The logits are 8K tokens x 32K vocabulary = 2.6 million values.", 2.6e6, 2.56e8),
    ("The weights take 70B x 2 bytes = 14 GB in bf16.", 14e9, 140e9),
    ("Each shard holds 250M x 768 x 2 bytes = 38 GB.", 38e9, 384e9),
    ("A 4 GB shard / 500 MB per chunk = 80 chunks.", 80.0, 8.0),
])
def test_a_wrong_sum_is_found_with_what_its_numbers_give(sentence, stated, computed):
    [wrong] = miscalculations(sentence)
    assert wrong.stated == pytest.approx(stated, rel=0.01)
    assert wrong.computed == pytest.approx(computed, rel=0.02)
    assert "not" in wrong.correction and "x off" in wrong.correction


@pytest.mark.parametrize("sentence", [
    "Each token keeps 2 x 32 layers x 8 KV heads x 128 x 2 bytes = 128 KiB in bf16.",
    "The KV budget is 0.9 x 80 = 72 GB, minus 16 GB of weights.",        # the operands count gigabytes
    "Prefill is 2 x 7e9 x 3,000 = 4.2e13 FLOPs, about 120 ms.",
    "A 4096 x 4096 matrix is 32 MB in fp16.",                              # a shape, not a product to check
    "Of the flags, 1,000 / 1,100 = 91% are real.",
    "The rerun costs 18 min x 1,024 GPUs = ~300 GPU-hours.",
    "At ~46 GFLOP per pair, 4,500 candidates x 175K QPS is ~36 EFLOP/s.",  # the cost per pair is said earlier
    "At peak, 450 tokens x 0.6 GFLOP is ~4.5 PFLOP/s.",                    # a rate from a request rate not written
    "On 64 GPUs use 4 x 2 = 512 sequences per step.",                      # the factor 64 is in the sentence
    "The encoder is 2 x 0.3B x 197 = ~118, call it 120 GFLOP.",            # the result restated with its unit
    "Compute is 2 x 4096^3 = 1.37e11 FLOPs.",                              # a power: not parsed as a product
])
def test_a_right_sum_a_shape_or_an_unstated_factor_is_not_a_miscalculation(sentence):
    assert list(miscalculations(sentence)) == []


def _true_texts() -> list[str]:
    texts = []
    for q in load_bank().questions:
        texts += [q.answer, *q.key_points, *(f.answer for f in q.follow_ups), *(m.correction for m in q.misconceptions)]
    for c in load_cases().cases:
        texts += [c.reference_design, c.back_of_envelope, *(f.answer for f in c.follow_ups),
                  *(m.correction for m in c.rubric.misconceptions)]
    honest = {"strong", "medium", "weak_concrete", "good", "mediocre", "weak", "paraphrase", "partial", "terse_correct"}
    for path in sorted((Path(__file__).parent / "data").glob("scoring_*.yaml")):
        if path.name.endswith(("_claims.yaml", "paraphrases.yaml")):
            continue
        for item in yaml.safe_load(path.read_text())["items"]:
            texts += [a["text"] for a in item.get("answers", []) if a.get("kind") in honest]
    return texts


def test_no_reference_key_point_correction_or_honest_graded_answer_holds_a_miscalculation():
    """Over every true text of the bank and the cases and every honest graded answer (about 7,000): none."""
    texts = _true_texts()
    assert len(texts) > 6000
    assert [(s, w.correction) for t in texts for s in sentences(t) for w in miscalculations(s)] == []


def test_a_miscalculation_caps_a_short_answer_and_shows_the_sum():
    question = "How much memory do the logits of a 16K-token batch over a 128K vocabulary take?"
    reference = "16K x 128K is 2.1e9 logits; at 2 bytes each that is 4.2 GB, more at peak."
    points = ["16K tokens x 128K vocabulary is 2.1e9 logits", "4.2 GB in bf16"]
    wrong = ("The logits are 16K tokens x 128K vocabulary = 2.1 million values, so at 2 bytes each they take "
             "very little memory next to the activations.")
    result = analyse_answer(question, reference, wrong, points)
    assert "a worked calculation is off by 4x or more" in result.caps
    assert result.suggested_rating == "not"
    assert any(m["claim"] == MISCALCULATION_CLAIM and "2.05e9" in m["correction"] for m in result.misconceptions)


def test_a_miscalculation_costs_a_design_answers_numbers_criterion():
    case = load_cases().by_id()["openai-rag-assistant"]
    wrong = "In int8 the index is 250M chunks x 1,024 bytes, roughly 2.5 GB, so one host holds it."
    plain = score_design(case, case.reference_design)
    result = score_design(case, case.reference_design + "\n\n" + wrong)
    found = [m for m in result.misconceptions if m["claim"] == MISCALCULATION_CLAIM]
    assert [m["evidence"] for m in found] == [wrong]
    assert result.total < plain.total


def test_a_100_kb_chain_without_a_result_is_read_in_linear_time():
    """An unbounded chain made the pattern backtrack: 100 KB of "1 x 1 x ..." took 438 s; a chain is at most
    nine numbers. (The four inputs take 0.5-1 s alone and 2.6 s beside CI's other workers; the bound is set
    far from both, to catch the backtracking without timing the machine.)"""
    import time

    started = time.perf_counter()
    for text in ("1 x " * 25_000, "12K tokens x " * 7_000 + "= 5", "2 x 3 = 6 and " * 7_000,
                 "2 GB x 3 = 70 GB so " * 5_000):
        list(miscalculations(text[:100_000]))
    assert time.perf_counter() - started < 30.0
