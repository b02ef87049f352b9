"""Malformed content files, each producing the expected clear error that names the file and field."""

import textwrap
from pathlib import Path

import pytest

from coding_katas.loader import load_katas, parse_kata_folder
from design_cases.loader import parse_case_file
from question_bank.loader import load_bank, parse_question_file

GOOD_QUESTION = """
  - id: {id}
    area: machine-learning
    topic: svm
    type: concept
    difficulty: medium
    roles: [ai-research-engineer]
    prompt: What is the kernel trick?
    answer: It computes inner products in a feature space without building the features.
    key_points: [inner products, implicit feature map, Mercer kernels]
"""


def _questions_file(tmp_path: Path, body: str, name: str = "svm.yaml") -> Path:
    path = tmp_path / "questions" / "ml" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body))
    return path


def _q(**changes) -> str:
    text = GOOD_QUESTION.format(id=changes.pop("id", "svm-kernel-trick"))
    for key, value in changes.items():
        lines = [ln for ln in text.splitlines() if not ln.strip().startswith(f"{key}:")]
        if value is not None:
            lines.append(f"    {key}: {value}")
        text = "\n".join(lines) + "\n"
    return "questions:" + text


QUESTION_CASES = [
    ("difficulty", _q(difficulty="impossible"),
     "questions[0].difficulty: must be one of easy, medium, hard"),
    ("type", _q(type="trivia"),
     "questions[0].type: must be one of concept, trade-off, scenario, estimation, coding-concept, behavioral"),
    ("missing prompt", _q(prompt=None), "questions[0].prompt: is required"),
    ("empty answer", _q(answer='""'), "questions[0].answer: String should have at least 1 character"),
    ("bad slug", _q(id="SVM Kernel"),
     "questions[0].id: must be a slug of lowercase letters and digits joined by single hyphens or underscores"),
    ("unknown field", _q(dificulty="easy"), "questions[0].dificulty: is not a known field (check the spelling)"),
    ("unknown role", _q(roles="[data-scientist]"),
     "questions[0].roles[0]: must be one of backend-ai-engineer, ml-platform-engineer, ai-research-engineer"),
    ("unknown topic", _q(topic="kernels"), "questions[0].topic: unknown topic 'kernels' for area 'machine-learning'"),
    ("unknown area", _q(area="astrology"), "questions[0].area: unknown area 'astrology'"),
    ("too many key points", _q(key_points="[a, b, c, d, e, f, g, h]"),
     "questions[0].key_points: List should have at most 7 items"),
    ("follow-up without answer", _q(follow_ups="[{question: Why}]"), "questions[0].follow_ups[0].answer: is required"),
    ("not a list", "questions: {id: x}\n", "questions: must be a list of questions under the key 'questions'"),
    ("YAML syntax", "questions:\n  - id: [unclosed\n", "invalid YAML"),
    ("top-level typo", "question:\n  - id: x\n", "questions: must be a list of questions under the key 'questions'"),
]


@pytest.mark.parametrize("label,body,expected", QUESTION_CASES, ids=[c[0] for c in QUESTION_CASES])
def test_malformed_question_file_names_file_and_field(tmp_path, label, body, expected):
    path = _questions_file(tmp_path, body)
    good, errors = parse_question_file(path)
    assert good == []
    assert len(errors) >= 1
    assert any(str(path) in e or "questions/ml/svm.yaml" in e for e in errors), errors
    assert any(expected in e for e in errors), errors


def test_yaml_syntax_error_gives_the_line(tmp_path):
    path = _questions_file(tmp_path, "questions:\n  - id: ok\n    prompt: [unclosed\n")
    _, errors = parse_question_file(path)
    assert "line 3" in errors[0] or "line 4" in errors[0], errors


def test_one_bad_question_does_not_hide_the_good_ones(tmp_path):
    body = _q() + GOOD_QUESTION.format(id="svm-margin").replace("medium", "extreme")
    path = _questions_file(tmp_path, body)
    good, errors = parse_question_file(path)
    assert [q.id for q in good] == ["svm-kernel-trick"]
    assert errors == [f"{path}: questions[1].difficulty: must be one of easy, medium, hard"]


def test_duplicate_ids_name_both_files(tmp_path):
    first = _questions_file(tmp_path, _q(), "a.yaml")
    second = _questions_file(tmp_path, _q(), "b.yaml")
    bank = load_bank(bank_dir=tmp_path / "questions")
    assert len(bank.questions) == 1
    (error,) = bank.errors
    assert "duplicate question id 'svm-kernel-trick'" in error
    assert str(second) in error and str(first) in error


def test_user_question_clashing_with_a_shipped_id_is_reported(tmp_path):
    _questions_file(tmp_path, _q(), "a.yaml")
    user = tmp_path / "mine"
    user.mkdir()
    (user / "mine.yaml").write_text(_q())
    bank = load_bank(bank_dir=tmp_path / "questions", user_dir=user)
    assert len(bank.errors) == 1 and "mine.yaml" in bank.errors[0]
    assert bank.user_ids == frozenset()


# -- design cases ---------------------------------------------------------------------------------
def _case_yaml(weights=(60, 40), levels=4, case_id="toy-case") -> str:
    criteria = []
    for i, w in enumerate(weights):
        lv = "\n".join(f"          - level {n} text" for n in range(1, levels + 1))
        criteria.append(f"""
      - id: crit-{i}
        name: Criterion {i}
        weight: {w}
        levels:
{lv}
        key_points:
          - {{id: kp-{i}, text: a point, synonyms: [another phrasing]}}""")
    return f"""
id: {case_id}
title: Toy case
company_style: meta
level: senior
time_budget_min: 45
prompt: Design a thing.
clarifying_questions: [{{question: "How big", answer: Big.}}]
requirements: {{functional: [do it], non_functional: [fast]}}
back_of_envelope: 1000 QPS.
rubric:
  criteria:{''.join(criteria)}
  red_flags: [{{id: no-metrics, text: no metrics}}]
reference_design: A design.
follow_ups: [{{question: "What if", answer: Then that.}}]
pitfalls: [forgetting scale]
"""


CASE_CASES = [
    ("weights", _case_yaml(weights=(60, 30)),
     "rubric: Value error, criterion weights must sum to 100 (they sum to 90)"),
    ("three levels", _case_yaml(levels=3), "rubric.criteria[0].levels: List should have at least 4 items"),
    ("five levels", _case_yaml(levels=5), "rubric.criteria[1].levels: List should have at most 4 items"),
    ("id vs file", _case_yaml(case_id="other-case"), "id: 'other-case' must match the file name 'toy-case'"),
    ("level", _case_yaml().replace("level: senior", "level: principal"), "level: must be one of mid, senior, staff"),
    ("budget", _case_yaml().replace("time_budget_min: 45", "time_budget_min: 90"),
     "time_budget_min: Input should be less than or equal to 60"),
]


@pytest.mark.parametrize("label,body,expected", CASE_CASES, ids=[c[0] for c in CASE_CASES])
def test_malformed_case_names_file_and_field(tmp_path, label, body, expected):
    path = tmp_path / "toy-case.yaml"
    path.write_text(body)
    case, errors = parse_case_file(path)
    assert case is None
    assert any(e.startswith(str(path)) and expected.replace("Value error, ", "") in e for e in errors), errors


def test_valid_case_loads(tmp_path):
    path = tmp_path / "toy-case.yaml"
    path.write_text(_case_yaml())
    case, errors = parse_case_file(path)
    assert errors == [] and case.rubric.criteria[0].weight == 60


# -- katas -------------------------------------------------------------------------------------------
KATA_YAML = """id: {id}
title: Toy
area: foundations
topic: math-for-ml
difficulty: easy
time_budget_min: 10
runtime: numpy
entry: [toy]
hints: [think]
"""


def _kata(tmp_path, kata_id="toy", yaml_text=None, files=("prompt.md", "starter.py", "solution.py", "test_kata.py"),
          solution="def toy():\n    return 1\n"):
    folder = tmp_path / "katas" / kata_id
    folder.mkdir(parents=True)
    (folder / "kata.yaml").write_text(yaml_text if yaml_text is not None else KATA_YAML.format(id=kata_id))
    for f in files:
        (folder / f).write_text(solution if f in ("starter.py", "solution.py") else "")
    return folder


def test_kata_missing_files(tmp_path):
    folder = _kata(tmp_path, files=("prompt.md",))
    entry, errors = parse_kata_folder(folder)
    assert entry is None and errors == [f"{folder}: missing file(s): starter.py, solution.py, test_kata.py"]


def test_kata_bad_runtime_and_entry(tmp_path):
    yaml_text = KATA_YAML.format(id="toy").replace("runtime: numpy", "runtime: jax")
    folder = _kata(tmp_path, yaml_text=yaml_text)
    _, errors = parse_kata_folder(folder)
    assert errors == [f"{folder / 'kata.yaml'}: runtime: must be one of numpy, torch, python"]


def test_kata_solution_must_define_entry(tmp_path):
    folder = _kata(tmp_path, solution="def other():\n    pass\n")
    _, errors = parse_kata_folder(folder)
    assert f"{folder / 'solution.py'}: entry: does not define toy" in errors


def test_kata_syntax_error_in_solution(tmp_path):
    folder = _kata(tmp_path, solution="def toy(:\n")
    _, errors = parse_kata_folder(folder)
    assert any("solution.py: line 1: syntax error" in e for e in errors), errors


def test_kata_folder_name_must_match_id(tmp_path):
    folder = _kata(tmp_path, yaml_text=KATA_YAML.format(id="another"))
    _, errors = parse_kata_folder(folder)
    assert errors == [f"{folder / 'kata.yaml'}: id: 'another' must match the folder name 'toy'"]


def test_kata_catalogue_collects_good_and_bad(tmp_path):
    _kata(tmp_path, "good-one")
    _kata(tmp_path, "bad-one", yaml_text=KATA_YAML.format(id="bad-one").replace("hints: [think]", "hints: []"))
    catalogue = load_katas(tmp_path / "katas")
    assert [k.kata.id for k in catalogue.katas] == ["good-one"]
    assert catalogue.errors == (f"{tmp_path / 'katas' / 'bad-one' / 'kata.yaml'}: hints: "
                                "List should have at least 1 item after validation, not 0",)
