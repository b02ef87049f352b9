import json
import subprocess
import sys
from pathlib import Path

from app.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_validate_json_prints_counts_and_no_errors(capsys):
    assert main(["validate", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"questions", "katas", "design_cases", "errors"}
    assert out["errors"] == []
    assert out["questions"] >= 40 and out["katas"] >= 2 and out["design_cases"] >= 2


def test_validate_reports_a_broken_user_question_and_exits_1(mastery_home, capsys):
    folder = mastery_home / "questions"
    folder.mkdir()
    (folder / "mine.yaml").write_text("questions:\n  - id: my-q\n    area: foundations\n")
    assert main(["validate", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert any("mine.yaml: questions[0].topic: is required" in e for e in out["errors"]), out["errors"]


def test_validate_text_mode(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "questions" in out and out.strip().endswith("valid")


def test_console_script_stdout_is_only_json():
    exe = Path(sys.executable).with_name("mastery")
    proc = subprocess.run([str(exe), "validate", "--json"], capture_output=True, text=True, cwd="/", timeout=120)
    assert proc.returncode == 0, proc.stderr
    json.loads(proc.stdout)  # nothing else on stdout


def test_app_command_binds_to_loopback(monkeypatch):
    calls = []
    monkeypatch.setattr("os.execv", lambda exe, argv: calls.append(argv))
    main(["app", "--port", "8765", "--headless"])
    argv = calls[0]
    assert argv[argv.index("--server.address") + 1] == "127.0.0.1"
    assert argv[argv.index("--server.port") + 1] == "8765"
    assert argv[argv.index("--server.headless") + 1] == "true"
    assert argv[argv.index("-m") + 1] == "app.serve"  # streamlit run app/main.py behind the host guard


def test_score_every_case_offline_json(tmp_path, capsys):
    from design_cases.loader import load_cases

    for case in load_cases().cases:
        answer = tmp_path / f"{case.id}.md"
        answer.write_text(case.reference_design)
        assert main(["score", case.id, str(answer), "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["case"] == case.id and out["scorer"] == "offline" and out["fallback_reason"] is None
        assert [c["id"] for c in out["criteria"]] == [c.id for c in case.rubric.criteria]
        assert 0 <= out["total"] <= 100 and all(1 <= c["level"] <= 4 for c in out["criteria"])


def test_score_usage_errors(tmp_path, capsys):
    assert main(["score", "no-such-case", str(tmp_path / "x.md")]) == 2
    assert main(["score", "meta-feed-ranking", str(tmp_path / "missing.md")]) == 2
