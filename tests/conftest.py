import pytest


@pytest.fixture(autouse=True)
def mastery_home(tmp_path, monkeypatch):
    """Every test gets its own MASTERY_HOME: no test reads or writes the user's real database."""
    home = tmp_path / "mastery-home"
    home.mkdir()
    monkeypatch.setenv("MASTERY_HOME", str(home))
    for var in ("MASTERY_LLM_MODEL", "MASTERY_LLM_API_BASE", "MASTERY_LLM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    return home
