
import pytest

from app.cli import main
from question_bank.csv_import import import_csv, parse_csv
from question_bank.loader import load_bank

CSV = """prompt,answer,topic,difficulty,tags
What is a Hessian?,The matrix of second derivatives.,math-for-ml,easy,calculus;optimization
Bad difficulty row,Some answer,svm,extreme,
Unknown topic row,Answer,astrology,easy,
Missing answer row,,svm,hard,
"Why use ""softmax"",
really?","It turns logits into probabilities, with a comma.",Transformers,medium,
"""


def test_good_rows_kept_bad_rows_reported_by_line_and_field(tmp_path):
    report = import_csv(CSV, tmp_path)
    assert report.errors == [
        "line 3: difficulty: must be one of easy, medium, hard",
        "line 4: topic: unknown topic 'astrology' (use an id from question_bank/taxonomy.yaml)",
        "line 5: answer: is empty",
    ]
    assert report.added == ["my-math-for-ml-what-is-a-hessian", "my-transformers-why-use-softmax-really"]
    bank = load_bank(bank_dir=tmp_path / "none", user_dir=tmp_path)
    assert bank.errors == ()
    by_id = bank.by_id()
    assert by_id["my-transformers-why-use-softmax-really"].area == "deep-learning"  # topic by name
    assert by_id["my-math-for-ml-what-is-a-hessian"].tags == ["calculus", "optimization"]


def test_reimport_does_not_duplicate(tmp_path):
    import_csv(CSV, tmp_path)
    again = import_csv(CSV, tmp_path)
    assert again.added == [] and len(again.already_present) == 2
    assert len(load_bank(bank_dir=tmp_path / "none", user_dir=tmp_path).questions) == 2


def test_ids_never_clash_with_existing_ones(tmp_path):
    csv_text = "prompt,answer,topic,difficulty\nWhat is a Hessian?,A,math-for-ml,easy\n"
    report = import_csv(csv_text, tmp_path, known_ids={"my-math-for-ml-what-is-a-hessian"})
    assert report.added == ["my-math-for-ml-what-is-a-hessian-2"]


def test_missing_columns_write_nothing(tmp_path):
    report = import_csv("question,answer\nx,y\n", tmp_path)
    assert report.added == [] and "missing column(s) prompt, topic, difficulty" in report.errors[0]
    assert not (tmp_path / "imported.yaml").exists()


def test_a_failed_write_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    tmp_path = tmp_path / "user"
    import_csv(CSV, tmp_path)
    before = (tmp_path / "imported.yaml").read_text()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("question_bank.csv_import.os.replace", crash)
    with pytest.raises(OSError):
        import_csv("prompt,answer,topic,difficulty\nA new one?,Yes,svm,easy\n", tmp_path)
    assert (tmp_path / "imported.yaml").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["imported.yaml"]  # no temporary file left


def test_cli_import_then_validate(tmp_path, mastery_home, capsys):
    path = tmp_path / "mine.csv"
    path.write_text(CSV)
    assert main(["import-questions", str(path)]) == 1  # bad rows reported -> exit 1
    captured = capsys.readouterr()
    assert "added 2 question(s)" in captured.out and "line 3: difficulty" in captured.err
    assert main(["validate", "--json"]) == 0
    assert main(["import-questions", str(tmp_path / "absent.csv")]) == 2


def test_parse_csv_with_bom_and_blank_lines():
    questions, errors = parse_csv("\ufeffprompt,answer,topic,difficulty\n\nQ?,A,svm,hard\n")
    assert errors == [] and questions[0].difficulty == "hard"
