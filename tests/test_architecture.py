"""Domain packages never import streamlit: only app/ is UI."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = ["question_bank", "coding_katas", "design_cases", "evaluators", "progress"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_outside_app_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for pkg in DOMAIN
        for p in (ROOT / pkg).rglob("*.py")
        if "streamlit" in _imports(p)
    ]
    assert offenders == []


def test_cli_and_catalog_do_not_import_streamlit_or_litellm():
    # The CLI must start fast and the app must not pay for litellm at start-up.
    for name in ("cli.py", "catalog.py"):
        assert not {"streamlit", "litellm"} & _imports(ROOT / "app" / name), name
