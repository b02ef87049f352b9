import pytest

# A kata folder for grader tests only (tests/kata_fixtures/*/test_kata.py holds scenarios, not pytest tests).
collect_ignore = ["kata_fixtures"]


@pytest.fixture(autouse=True)
def mastery_home(tmp_path, monkeypatch):
    """Every test gets its own MASTERY_HOME: no test reads or writes the user's real database."""
    home = tmp_path / "mastery-home"
    home.mkdir()
    monkeypatch.setenv("MASTERY_HOME", str(home))
    for var in ("MASTERY_LLM_MODEL", "MASTERY_LLM_API_BASE", "MASTERY_LLM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture(scope="session")
def grader():
    """One Grader for the whole run: its workers (the torch one takes seconds to start) and the reference
    values it caches are paid for once. Test files that need a differently configured grader define their own."""
    from evaluators.grader import Grader

    g = Grader()
    yield g
    g.close()
