"""Agreement of the offline scorers with hand grades on the project's graded development sets.

Design answers (tests/data/scoring_dev_design.yaml, grades 0-10 assigned before scoring): Spearman
overall and per case, and where the adversarial answers (padded, keyword list, off-topic, injected)
rank against the median. Short answers (tests/data/scoring_dev_short.yaml, grades 0-5): Pearson.
Run: .venv/bin/python benchmarks/scorer_agreement.py
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import yaml
from scipy.stats import pearsonr, spearmanr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from design_cases.loader import load_cases  # noqa: E402
from evaluators.rubric_scoring import score_design  # noqa: E402
from evaluators.scoring import score_answer  # noqa: E402

ADVERSARIAL = {"padded", "keywords", "off_topic", "injected"}


def design_agreement() -> dict:
    data = yaml.safe_load((ROOT / "tests/data/scoring_dev_design.yaml").read_text())
    cases = load_cases().by_id()
    grades, scores, kinds, per_case = [], [], [], {}
    for item in data["items"]:
        case = cases[item["case"]]
        g = [a["grade"] for a in item["answers"]]
        s = [score_design(case, a["text"]).total for a in item["answers"]]
        per_case[item["case"]] = (spearmanr(g, s)[0], list(zip([a["kind"] for a in item["answers"]], g, s)))
        grades += g
        scores += s
        kinds += [a["kind"] for a in item["answers"]]
    median = statistics.median(scores)
    adversarial_above = [(k, sc) for k, sc in zip(kinds, scores) if k in ADVERSARIAL and sc > median]
    return {"spearman": spearmanr(grades, scores)[0], "n": len(grades), "median": median,
            "adversarial_above_median": adversarial_above, "per_case": per_case}


def short_agreement() -> dict:
    data = yaml.safe_load((ROOT / "tests/data/scoring_dev_short.yaml").read_text())
    grades, scores = [], []
    for item in data["items"]:
        for a in item["answers"]:
            grades.append(a["grade"])
            scores.append(score_answer(item["question"], item["reference"], a["text"]))
    return {"pearson": pearsonr(grades, scores)[0], "spearman": spearmanr(grades, scores)[0], "n": len(grades)}


def main() -> None:
    d = design_agreement()
    print(f"design answers: Spearman {d['spearman']:.3f} over {d['n']} answers; median score {d['median']:.1f}; "
          f"adversarial answers above the median: {len(d['adversarial_above_median'])}")
    for case_id, (rho, rows) in d["per_case"].items():
        print(f"  {case_id}: Spearman {rho:.3f}  " + "  ".join(f"{k}={g}/{s:.0f}" for k, g, s in rows))
    s = short_agreement()
    print(f"short answers: Pearson {s['pearson']:.3f}, Spearman {s['spearman']:.3f} over {s['n']} answers")


if __name__ == "__main__":
    main()
