"""Agreement of the offline scorers with hand grades on the project's graded development sets.

Design answers, grades 0-10 assigned before any scoring:
- tests/data/scoring_dev_design_v2.yaml: 13 cases x 8 kinds (strong, medium, weak_concrete, buzzword_false,
  keywords, off_topic, injected, salad), split into `dev` (tuned on) and `holdout` (never tuned on);
- tests/data/scoring_dev_design.yaml: the first set (5 cases), written before the misconception work;
- tests/data/scoring_holdout_design_v3.yaml: 7 further cases x the same 8 kinds, written blind to the
  scorer after its last change and only measured (never tuned on);
- tests/data/scoring_holdout_design_v4.yaml: 8 cases x the same 8 kinds with new answers, written blind
  (the authors never opened the project) after commit 9aacbb1 (its first measurement is in its header);
- tests/data/scoring_holdout_design_v5.yaml: 8 further cases x the same 8 kinds, written blind, never tuned on;
- tests/data/scoring_holdout_design_v6.yaml: the 8 cases only one earlier set used x the same 8 kinds, written
  blind (its first measurement is in its header).
Per case: Spearman, the median score, and the rank of every adversarial answer (1 = highest score).
Short answers: tests/data/scoring_dev_short_bank.yaml (36 of the bank's questions x 5 kinds, grades 0-5,
split dev/holdout), tests/data/scoring_holdout_short_bank_v2.yaml (32 further questions, written blind),
tests/data/scoring_holdout_short_bank_v3.yaml (42 further questions, written blind, never tuned on),
tests/data/scoring_holdout_short_bank_v4.yaml (40 further questions, written blind, measured once clean)
and tests/data/scoring_dev_short.yaml (CS exam style): Pearson, and the suggested
rating per kind. Run: .venv/bin/python benchmarks/scorer_agreement.py
"""

from __future__ import annotations

import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from scipy.stats import pearsonr, spearmanr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from design_cases.loader import load_cases  # noqa: E402
from evaluators.rubric_scoring import score_design  # noqa: E402
from evaluators.scoring import analyse_question_answer, score_answer  # noqa: E402
from question_bank.loader import load_bank  # noqa: E402

ADVERSARIAL = {"padded", "keywords", "off_topic", "injected", "buzzword_false", "salad"}
DESIGN_V2 = ROOT / "tests/data/scoring_dev_design_v2.yaml"
DESIGN_V1 = ROOT / "tests/data/scoring_dev_design.yaml"
DESIGN_V3 = ROOT / "tests/data/scoring_holdout_design_v3.yaml"
DESIGN_V4 = ROOT / "tests/data/scoring_holdout_design_v4.yaml"
DESIGN_V5 = ROOT / "tests/data/scoring_holdout_design_v5.yaml"
DESIGN_V6 = ROOT / "tests/data/scoring_holdout_design_v6.yaml"
SHORT_BANK = ROOT / "tests/data/scoring_dev_short_bank.yaml"
SHORT_BANK_V2 = ROOT / "tests/data/scoring_holdout_short_bank_v2.yaml"
SHORT_BANK_V3 = ROOT / "tests/data/scoring_holdout_short_bank_v3.yaml"
SHORT_BANK_V4 = ROOT / "tests/data/scoring_holdout_short_bank_v4.yaml"
SHORT_CS = ROOT / "tests/data/scoring_dev_short.yaml"
PARAPHRASES = ROOT / "tests/data/misconception_paraphrases.yaml"


def claim_detection(split: str) -> dict:
    """The blind paraphrase table: false claims found in other words, and true same-topic statements flagged."""
    cases = load_cases().by_id()
    found = positives = flagged = negatives = 0
    for item in yaml.safe_load(PARAPHRASES.read_text())["items"]:
        if item["split"] != split:
            continue
        for s in item["sentences"]:
            result = score_design(cases[item["case"]], s["text"])
            hit = item["misconception"] in {m["id"] for m in result.misconceptions}
            if s["asserts"]:
                positives, found = positives + 1, found + hit
            else:
                negatives, flagged = negatives + 1, flagged + hit
    return {"found": found, "positives": positives, "flagged": flagged, "negatives": negatives}


def design_agreement(path: Path = DESIGN_V1, split: str | None = None) -> dict:
    """Spearman overall and per case; per case rows of (kind, grade, score, rank) and the score median."""
    data = yaml.safe_load(path.read_text())
    cases = load_cases().by_id()
    grades, scores, per_case = [], [], {}
    adversarial_above = []
    for item in data["items"]:
        if split is not None and item.get("split", "dev") != split:
            continue
        case = cases[item["case"]]
        g = [a["grade"] for a in item["answers"]]
        s = [score_design(case, a["text"]).total for a in item["answers"]]
        order = sorted(range(len(s)), key=lambda i: -s[i])
        rank = {i: order.index(i) + 1 for i in range(len(s))}
        median = statistics.median(s)
        rows = [(a["kind"], a["grade"], sc, rank[i]) for i, (a, sc) in enumerate(zip(item["answers"], s, strict=True))]
        adversarial_above += [(item["case"], k, sc) for k, _, sc, _ in rows if k in ADVERSARIAL and sc > median]
        # Injected answers are graded on their content (3-5) and scored 0 by design (the issue wants them below
        # the median): the rank correlation without them shows how the rest are ordered.
        keep = [i for i, a in enumerate(item["answers"]) if a["kind"] != "injected"]
        per_case[item["case"]] = {"spearman": spearmanr(g, s)[0], "median": median, "rows": rows,
                                  "spearman_without_injected": spearmanr([g[i] for i in keep], [s[i] for i in keep])[0]}
        grades += g
        scores += s
    rhos = [c["spearman"] for c in per_case.values()]
    clean = [c["spearman_without_injected"] for c in per_case.values()]
    return {"spearman": spearmanr(grades, scores)[0] if grades else float("nan"), "n": len(grades),
            "mean_case_spearman": statistics.mean(rhos) if rhos else float("nan"),
            "min_case_spearman": min(rhos) if rhos else float("nan"),
            "mean_case_spearman_without_injected": statistics.mean(clean) if clean else float("nan"),
            "min_case_spearman_without_injected": min(clean) if clean else float("nan"),
            "adversarial_above_median": adversarial_above, "per_case": per_case}


def short_agreement(path: Path = SHORT_CS, split: str | None = None) -> dict:
    """Pearson and Spearman of score vs grade; suggested ratings per kind (bank set)."""
    data = yaml.safe_load(path.read_text())
    bank = {q.id: q for q in load_bank().questions}
    grades, scores, ratings = [], [], defaultdict(Counter)
    for item in data["items"]:
        if split is not None and item.get("split", "dev") != split:
            continue
        if "question_id" in item:
            q = bank[item["question_id"]]
            for a in item["answers"]:
                analysis = analyse_question_answer(q, a["text"])
                grades.append(a["grade"])
                scores.append(analysis.score)
                ratings[a.get("kind", "?")][analysis.suggested_rating] += 1
        else:
            for a in item["answers"]:
                grades.append(a["grade"])
                scores.append(score_answer(item["question"], item["reference"], a["text"]))
    return {"pearson": pearsonr(grades, scores)[0], "spearman": spearmanr(grades, scores)[0], "n": len(grades),
            "ratings": {k: dict(v) for k, v in ratings.items()}}


def _print_design(title: str, d: dict) -> None:
    print(f"{title}: {d['n']} answers; Spearman overall {d['spearman']:.3f}; per case mean "
          f"{d['mean_case_spearman']:.3f}, min {d['min_case_spearman']:.3f}; adversarial answers above their "
          f"case's median: {len(d['adversarial_above_median'])}; without the injected answers (graded on content, "
          f"scored 0 by design): per case mean {d['mean_case_spearman_without_injected']:.3f}, "
          f"min {d['min_case_spearman_without_injected']:.3f}")
    for case_id, c in d["per_case"].items():
        ranks = "  ".join(f"{k}={g}/{s:.0f}#{r}" for k, g, s, r in c["rows"])
        print(f"  {case_id:30s} rho {c['spearman']:.2f}  median {c['median']:5.1f}  {ranks}")
    for case_id, kind, score in d["adversarial_above_median"]:
        print(f"  above median: {case_id} {kind} {score:.1f}")


def main() -> None:
    print("kind=grade/score#rank (rank 1 = highest score in its case)\n")
    _print_design("Design v2, dev split (tuned on)", design_agreement(DESIGN_V2, "dev"))
    print()
    _print_design("Design v2, holdout split (never tuned on)", design_agreement(DESIGN_V2, "holdout"))
    print()
    _print_design("Design v1 (first set)", design_agreement(DESIGN_V1))
    print()
    _print_design("Design v3, fresh holdout (7 unseen cases, never tuned on)", design_agreement(DESIGN_V3))
    print()
    _print_design("Design v4, fresh holdout (8 cases, new answers written blind)", design_agreement(DESIGN_V4))
    print()
    _print_design("Design v5, fresh holdout (8 more cases, new answers written blind, never tuned on)",
                  design_agreement(DESIGN_V5))
    print()
    _print_design("Design v6, fresh holdout (8 cases only one earlier set used, new answers written blind)",
                  design_agreement(DESIGN_V6))
    print()
    for split in ("dev", "holdout"):
        s = short_agreement(SHORT_BANK, split)
        print(f"Short answers over the bank, {split}: Pearson {s['pearson']:.3f}, Spearman {s['spearman']:.3f} "
              f"over {s['n']} answers; suggested ratings by kind: {s['ratings']}")
    s = short_agreement(SHORT_BANK_V2)
    print(f"Short answers over the bank, fresh holdout (32 new questions, written blind): Pearson {s['pearson']:.3f}, "
          f"Spearman {s['spearman']:.3f} over {s['n']} answers; suggested ratings by kind: {s['ratings']}")
    s = short_agreement(SHORT_BANK_V3)
    print(f"Short answers over the bank, third holdout (42 new questions, written blind, never tuned on): Pearson "
          f"{s['pearson']:.3f}, Spearman {s['spearman']:.3f} over {s['n']} answers; suggested ratings by kind: "
          f"{s['ratings']}")
    s = short_agreement(SHORT_BANK_V4)
    print(f"Short answers over the bank, fourth holdout (40 new questions, written blind, seen since): Pearson "
          f"{s['pearson']:.3f}, Spearman {s['spearman']:.3f} over {s['n']} answers; suggested ratings by kind: "
          f"{s['ratings']}")
    s = short_agreement(SHORT_CS)
    print(f"Short answers, CS exam style (first set): Pearson {s['pearson']:.3f} over {s['n']} answers")
    print()
    for split in ("dev", "holdout"):
        c = claim_detection(split)
        print(f"False claims in other words ({split}): found {c['found']}/{c['positives']} "
              f"({c['found'] / c['positives']:.0%}); true same-topic statements flagged "
              f"{c['flagged']}/{c['negatives']}")


if __name__ == "__main__":
    main()
