"""Where a layer is missing the grader says so, names it, and the remaining layers still hold."""

from __future__ import annotations

import os

import pytest

from evaluators.grader import Grader

GOOD = ("import numpy as np\ndef softmax(x, axis=-1):\n    e = np.exp(x - x.max(axis=axis, keepdims=True))\n"
        "    return e / e.sum(axis=axis, keepdims=True)\n")


def _grade(monkeypatch, skip: str, source: str):
    monkeypatch.setenv("MASTERY_SANDBOX_SKIP", skip)
    with Grader() as grader:
        return grader.grade("softmax", source)


def test_without_namespaces_the_result_is_reduced_and_names_each_missing_layer(monkeypatch):
    result = _grade(monkeypatch, "namespaces", GOOD)
    assert result.status == "pass" and result.sandbox == "reduced"
    missing = {n.removeprefix("missing: ") for n in result.sandbox_notes if n.startswith("missing: ")}
    assert missing == {"network namespace", "PID namespace", "mount namespace with a private /proc",
                       "size-capped scratch folder (tmpfs)"}


def test_without_namespaces_landlock_and_seccomp_still_protect_the_host_and_files(monkeypatch, tmp_path):
    target = tmp_path / "written.txt"
    source = GOOD.replace("    e = np.exp", (
        "    import os, signal\n"
        f"    os.kill({os.getpid()}, signal.SIGKILL)\n"
        f"    open({str(target)!r}, 'w').write('x')\n"
        "    e = np.exp"), 1)
    result = _grade(monkeypatch, "namespaces", source)
    assert result.sandbox == "reduced"
    assert {t.verdict for t in result.tests} == {"RE"}  # the kill is refused with EPERM: an exception
    assert "PermissionError" in result.tests[0].message
    assert not target.exists()


def test_with_every_layer_skipped_all_are_named(monkeypatch):
    result = _grade(monkeypatch, "namespaces,landlock,seccomp", GOOD)
    assert result.status == "pass" and result.sandbox == "reduced"
    missing = {n.removeprefix("missing: ") for n in result.sandbox_notes if n.startswith("missing: ")}
    assert missing == {"network namespace", "PID namespace", "mount namespace with a private /proc",
                       "size-capped scratch folder (tmpfs)", "Landlock file-system rules", "seccomp deny-list"}


@pytest.mark.parametrize("skip", ["landlock", "seccomp"])
def test_one_missing_layer_is_reduced(monkeypatch, skip):
    result = _grade(monkeypatch, skip, GOOD)
    assert result.status == "pass" and result.sandbox == "reduced"
    assert any(skip.capitalize()[:4].lower() in n.lower() and n.startswith("missing") for n in result.sandbox_notes)
