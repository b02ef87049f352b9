"""Practising a kata in your own editor, from a shell, as the README describes."""

import json
import os
import subprocess
import sys
from pathlib import Path

from progress.attempts import attempts_for
from progress.store import Store

ROOT = Path(__file__).resolve().parents[1]
MASTERY = str(Path(sys.executable).with_name("mastery"))


def run(args, cwd, home):
    env = {**os.environ, "MASTERY_HOME": str(home)}
    return subprocess.run([MASTERY, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180)


def test_start_edit_check_records_the_attempt(tmp_path, mastery_home):
    started = run(["kata", "start", "softmax"], tmp_path, mastery_home)
    assert started.returncode == 0, started.stderr
    folder = tmp_path / "mastery-katas" / "softmax"
    assert (folder / "PROMPT.md").read_text().count("softmax") > 1
    assert "raise NotImplementedError" in (folder / "solution.py").read_text()

    failing = run(["kata", "check"], folder, mastery_home)
    assert failing.returncode == 1 and "FAIL softmax" in failing.stdout

    (folder / "solution.py").write_text((ROOT / "coding_katas/katas/softmax/solution.py").read_text())
    passing = run(["kata", "check", str(folder), "--json"], tmp_path, mastery_home)
    assert passing.returncode == 0 and json.loads(passing.stdout)["status"] == "pass"

    attempts = attempts_for(Store(mastery_home / "mastery.db"), "kata", "softmax")
    assert [a.result for a in attempts] == ["pass", "fail"]
    assert attempts[0].details["mode"] == "cli" and "def softmax" in attempts[0].details["code"]
    listing = json.loads(run(["kata", "list", "--json"], tmp_path, mastery_home).stdout)
    assert {r["id"]: r["status"] for r in listing}["softmax"] == "solved"


def test_clear_errors(tmp_path, mastery_home, monkeypatch, capsys):
    # In-process: the test above runs the console script itself; these error paths stop before any grading,
    # and a subprocess each would only add an interpreter start and the CLI's imports.
    from app.cli import main

    monkeypatch.chdir(tmp_path)

    def cli(*args):
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, err

    code, err = cli("kata", "start", "no_such_kata")
    assert code == 2 and "unknown kata 'no_such_kata'" in err
    code, err = cli("kata", "check")
    assert code == 2 and "was not started with `mastery kata start`" in err
    assert cli("kata", "start", "lru_cache", "here")[0] == 0
    code, err = cli("kata", "start", "lru_cache", "here")
    assert code == 2 and "already exists" in err
    (tmp_path / "here" / "solution.py").unlink()
    code, err = cli("kata", "check", "here")
    assert code == 2 and "solution.py is missing" in err
